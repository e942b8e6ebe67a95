package io.bootsim.apiserver.printers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Status;
import io.bootsim.core.api.StatusException;
import io.bootsim.core.version.KubeVersion;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code kubectl get csr}: NAME AGE SIGNERNAME REQUESTOR REQUESTEDDURATION CONDITION
 * (pkg/printers/internalversion/printers.go). SIGNERNAME came with spec.signerName in 1.18,
 * REQUESTEDDURATION with spec.expirationSeconds in 1.22, and before 1.19 the printer knew only
 * Approved and Denied conditions.
 */
final class CertificateSigningRequestPrinter implements ResourcePrinter {

    private final KubeVersion version;

    CertificateSigningRequestPrinter(KubeVersion version) {
        this.version = version;
    }

    private boolean hasSignerName() {
        return version.atLeast(1, 18);
    }

    private boolean hasRequestedDuration() {
        return version.atLeast(1, 22);
    }

    @Override
    public List<TableColumn> columns() {
        List<TableColumn> columns = new ArrayList<>(List.of(TableColumn.nameColumn(), TableColumn.string("Age")));
        if (hasSignerName()) {
            columns.add(TableColumn.string("SignerName"));
        }
        columns.add(TableColumn.string("Requestor"));
        if (hasRequestedDuration()) {
            columns.add(TableColumn.string("RequestedDuration"));
        }
        columns.add(TableColumn.string("Condition"));
        return columns;
    }

    @Override
    public List<Object> cells(ObjectNode csr, Instant now) {
        List<Object> cells = new ArrayList<>(List.of(ObjectFields.name(csr), ObjectFields.age(csr, now)));
        if (hasSignerName()) {
            String signer = ObjectFields.text(csr, "spec", "signerName");
            cells.add(signer.isEmpty() ? "<none>" : signer);
        }
        cells.add(ObjectFields.text(csr, "spec", "username"));
        if (hasRequestedDuration()) {
            JsonNode seconds = ObjectFields.at(csr, "spec", "expirationSeconds");
            cells.add(seconds.isNumber() ? HumanDuration.of(Duration.ofSeconds(seconds.asLong())) : "<none>");
        }
        cells.add(condition(csr));
        return cells;
    }

    /**
     * Denied wins over Approved, else Pending; then ",Failed" and ",Issued". Only the condition
     * types count, not their status (extractCSRStatus).
     */
    String condition(ObjectNode csr) {
        boolean approved = false;
        boolean denied = false;
        boolean failed = false;
        for (JsonNode c : ObjectFields.at(csr, "status", "conditions")) {
            String type = c.path("type").asText();
            if (version.isBefore(KubeVersion.of(1, 19)) && !type.equals("Approved") && !type.equals("Denied")) {
                // Upstream quotes the whole condition struct with %q; we name its type. A non-API
                // error becomes a 500 without a reason (apiserver responsewriters ErrorToAPIStatus).
                throw new StatusException(Status.failure(500, null, "unknown csr condition \"" + type + "\"", null));
            }
            approved |= type.equals("Approved");
            denied |= type.equals("Denied");
            failed |= type.equals("Failed");
        }
        StringBuilder status = new StringBuilder(denied ? "Denied" : approved ? "Approved" : "Pending");
        if (failed) {
            status.append(",Failed");
        }
        if (!ObjectFields.text(csr, "status", "certificate").isEmpty()) {
            status.append(",Issued");
        }
        return status.toString();
    }
}
