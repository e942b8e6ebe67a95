package io.bootsim.apiserver.registry.certificates;

import io.bootsim.core.api.Status;

/** An admission plugin's verdict on one request; a rejection carries the 403 Status upstream sends. */
public sealed interface AdmissionDecision {

    String plugin();

    record Admit(String plugin) implements AdmissionDecision {
    }

    record Forbid(String plugin, Status status) implements AdmissionDecision {
    }

    default boolean admitted() {
        return this instanceof Admit;
    }

    /**
     * admission.NewForbidden for a CSR: {@code certificatesigningrequests.certificates.k8s.io "<name>"
     * is forbidden: <reason>} (the name part is left out when the object has none yet).
     */
    // upstream: staging/src/k8s.io/apiserver/pkg/admission/errors.go NewForbidden
    static AdmissionDecision forbid(String plugin, String csrName, String reason) {
        String prefix = Status.qualified(Certificates.GROUP, Certificates.RESOURCE)
                + (csrName.isEmpty() ? "" : " \"" + csrName + "\"");
        return new Forbid(plugin, Status.forbidden(Certificates.GROUP, Certificates.RESOURCE, csrName,
                prefix + " is forbidden: " + reason));
    }
}
