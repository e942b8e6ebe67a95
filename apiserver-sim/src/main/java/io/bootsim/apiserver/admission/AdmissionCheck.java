package io.bootsim.apiserver.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.endpoints.ApiRequest;
import io.bootsim.apiserver.endpoints.WriteCheck;
import io.bootsim.apiserver.endpoints.request.RequestInfo;
import io.bootsim.core.api.Status;
import io.bootsim.core.trace.Tracer;

import java.util.Optional;

/** The admission chain as the REST handlers' write check, with each refusal in the trace. */
public final class AdmissionCheck implements WriteCheck {

    private final Admission admission;
    private final Tracer tracer;

    public AdmissionCheck(Admission admission, Tracer tracer) {
        this.admission = admission;
        this.tracer = tracer;
    }

    @Override
    public Optional<Status> check(ApiRequest request, ObjectNode object, ObjectNode old) {
        RequestInfo info = request.info();
        Operation operation = object == null ? Operation.DELETE : old == null ? Operation.CREATE : Operation.UPDATE;
        Admission.Outcome outcome = admission.admit(new AdmissionRequest(request.user(), operation, info.apiGroup(),
                info.resource(), info.subresource(), info.namespace(), info.name(), object, old));
        outcome.rejection().ifPresent(forbid -> tracer.emit("admission", "plugin", forbid.plugin(),
                "operation", operation.name(), "resource", info.resource(), "result", "denied",
                "message", forbid.status().message()));
        return outcome.rejection().map(forbid -> forbid.status());
    }
}
