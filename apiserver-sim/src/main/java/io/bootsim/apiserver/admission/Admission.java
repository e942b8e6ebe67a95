package io.bootsim.apiserver.admission;

import io.bootsim.apiserver.authorization.Authorizer;
import io.bootsim.apiserver.registry.certificates.AdmissionDecision;
import io.bootsim.apiserver.registry.certificates.CertificateApproval;
import io.bootsim.apiserver.registry.certificates.CertificateSigning;
import io.bootsim.apiserver.registry.certificates.CertificateSubjectRestriction;
import io.bootsim.apiserver.registry.certificates.NodeRestrictionCsrRule;
import io.bootsim.apiserver.registry.certificates.Subresource;
import io.bootsim.core.version.KubeVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The admission chain of one kube-apiserver: the enabled plugins, mutating ones first and then
 * validating ones, each phase in chain order; the first rejection ends the request with its 403.
 * Only plugins whose effect bootsim reproduces act (NodeRestriction, CertificateApproval,
 * CertificateSigning, CertificateSubjectRestriction); the other enabled names are accepted and admit.
 */
// upstream: staging/src/k8s.io/apiserver/pkg/admission/chain.go, endpoints/handlers (mutating before validating)
public final class Admission {

    private static final String CSR_GROUP = "certificates.k8s.io";
    private static final String CSR_RESOURCE = "certificatesigningrequests";

    /** Every verdict in the order asked, for the trace; the last one is the rejection, if any. */
    public record Outcome(List<AdmissionDecision> verdicts) {
        public Outcome {
            verdicts = List.copyOf(verdicts);
        }

        public boolean admitted() {
            return rejection().isEmpty();
        }

        public Optional<AdmissionDecision.Forbid> rejection() {
            return verdicts.stream().filter(d -> d instanceof AdmissionDecision.Forbid)
                    .map(d -> (AdmissionDecision.Forbid) d).findFirst();
        }
    }

    private final List<String> plugins;
    private final NodeRestriction nodeRestriction;
    private final CertificateApproval approval;
    private final CertificateSigning signing;

    /**
     * @param plugins      the chain {@link AdmissionPlugins#select} chose
     * @param authorizer   the server's authorizer chain (the CSR plugins ask it about signers)
     * @param allowInsecureKubeletCertificateSigningRequests the deprecated feature gate of that name
     */
    public Admission(List<String> plugins, Authorizer authorizer, KubeVersion version,
                     boolean allowInsecureKubeletCertificateSigningRequests) {
        this.plugins = List.copyOf(plugins);
        this.nodeRestriction = new NodeRestriction(version,
                new NodeRestrictionCsrRule(version, allowInsecureKubeletCertificateSigningRequests));
        this.approval = new CertificateApproval(authorizer);
        this.signing = new CertificateSigning(authorizer);
    }

    public List<String> plugins() {
        return plugins;
    }

    /** Runs the chain on one create, update or delete. */
    public Outcome admit(AdmissionRequest request) {
        List<AdmissionDecision> verdicts = new ArrayList<>();
        // NodeRestriction is the only mutating plugin here; the CSR plugins validate
        if (plugins.contains(NodeRestriction.NAME) && decide(verdicts, nodeRestriction.admit(request))) {
            return new Outcome(verdicts);
        }
        for (String plugin : plugins) {
            AdmissionDecision verdict = validate(plugin, request);
            if (verdict != null && decide(verdicts, verdict)) {
                break;
            }
        }
        return new Outcome(verdicts);
    }

    /** The verdict of one validating plugin that applies to the request, else null. */
    private AdmissionDecision validate(String plugin, AdmissionRequest request) {
        if (!request.group().equals(CSR_GROUP) || !request.resource().equals(CSR_RESOURCE)) {
            return null;
        }
        return switch (plugin) {
            case CertificateApproval.NAME -> request.operation() == Operation.UPDATE
                    ? approval.validateUpdate(subresource(request), request.oldObject(), request.user()) : null;
            case CertificateSigning.NAME -> request.operation() == Operation.UPDATE
                    ? signing.validateUpdate(subresource(request), request.newObject(), request.oldObject(), request.user())
                    : null;
            case CertificateSubjectRestriction.NAME -> request.operation() == Operation.CREATE && request.subresource().isEmpty()
                    ? CertificateSubjectRestriction.validateCreate(request.newObject()) : null;
            default -> null;
        };
    }

    private static Subresource subresource(AdmissionRequest request) {
        for (Subresource s : Subresource.values()) {
            if (s.path().equals(request.subresource())) {
                return s;
            }
        }
        return Subresource.MAIN;
    }

    /** Records the verdict; true when it ends the chain. */
    private static boolean decide(List<AdmissionDecision> verdicts, AdmissionDecision verdict) {
        verdicts.add(verdict);
        return !verdict.admitted();
    }
}
