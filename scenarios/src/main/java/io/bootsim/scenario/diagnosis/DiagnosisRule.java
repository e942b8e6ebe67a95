package io.bootsim.scenario.diagnosis;

import java.util.Optional;

/** One family of misconfigurations, recognised from the trace alone (so `bootsim diagnose` can reuse it). */
public interface DiagnosisRule {

    Optional<Diagnosis> diagnose(TraceFacts facts);
}
