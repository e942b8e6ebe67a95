package io.bootsim.scenario.diagnosis;

import io.bootsim.core.trace.TraceEvent;

import java.util.List;
import java.util.Optional;

/**
 * Finds why a bootstrap stopped: the rules are asked in the order the flow passes their stage,
 * and the first that recognises its misconfiguration in the trace gives the diagnosis.
 */
public final class Diagnoser {

    private final List<DiagnosisRule> rules;

    public Diagnoser(List<DiagnosisRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Every rule bootsim has, in flow order. */
    public static Diagnoser standard() {
        return new Diagnoser(List.of(new ComponentExited(), new ServerNotTrusted(), new TokenRejected(),
                new AnonymousRequest(), new BootstrapNotAuthorized(), new ControllerManagerAbsent(), new CsrDenied(),
                new AutoApprovalNotBound(), new SigningNotConfigured(), new ClientCertificateRejected(),
                new RegistrationForbidden(), new ApiserverUnreachable(), new ServingCsrPending(), new KubeletApiRefused(),
                new KubeletExited()));
    }

    public Optional<Diagnosis> diagnose(List<TraceEvent> events) {
        TraceFacts facts = new TraceFacts(events);
        for (DiagnosisRule rule : rules) {
            Optional<Diagnosis> d = rule.diagnose(facts);
            if (d.isPresent()) {
                return d;
            }
        }
        return Optional.empty();
    }
}
