package io.bootsim.apiserver.registry.certificates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.authentication.UserInfo;
import io.bootsim.core.time.Clock;
import io.bootsim.core.version.KubeVersion;

import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the registry does to a CSR before validation, so clients see upstream's effects: create
 * takes the requestor from the authenticated user and wipes status; a plain update keeps spec and
 * status (only metadata changes stick); /status keeps spec and the Approved/Denied conditions;
 * /approval keeps everything but the conditions. Missing condition timestamps are filled from the
 * clock. All methods edit the new object in place.
 */
// upstream: pkg/registry/certificates/certificates/strategy.go
public final class CertificateSigningRequestStrategy {

    private final KubeVersion version;
    private final Clock clock;

    public CertificateSigningRequestStrategy(KubeVersion version, Clock clock) {
        this.version = version;
        this.clock = clock;
    }

    /** Whatever the body said about the requestor is replaced: users cannot create pre-approved requests either. */
    public void prepareForCreate(ObjectNode csr, UserInfo user) {
        ObjectNode spec = CsrJson.spec(csr);
        spec.remove(List.of("username", "uid", "groups", "extra"));
        if (user != null) {
            putIfNotEmpty(spec, "username", user.name());
            putIfNotEmpty(spec, "uid", user.uid());
            if (!user.groups().isEmpty()) {
                ArrayNode groups = spec.putArray("groups");
                user.groups().forEach(groups::add);
            }
            // UNCERTAIN: the 1.9 strategy did not copy extra; 1.10 is the earliest release assumed to
            if (version.atLeast(1, 10) && !user.extra().isEmpty()) {
                ObjectNode extra = spec.putObject("extra");
                for (Map.Entry<String, List<String>> e : user.extra().entrySet()) {
                    ArrayNode values = extra.putArray(e.getKey());
                    e.getValue().forEach(values::add);
                }
            }
        }
        csr.putObject("status");
    }

    /** Applies the update path's rules to {@code newCsr}, given the stored {@code oldCsr}. */
    public void prepareForUpdate(ObjectNode newCsr, ObjectNode oldCsr, Subresource subresource) {
        newCsr.set("spec", oldCsr.path("spec").deepCopy());
        switch (subresource) {
            case MAIN -> newCsr.set("status", oldCsr.path("status").deepCopy());
            case STATUS -> prepareStatusUpdate(newCsr, oldCsr);
            case APPROVAL -> prepareApprovalUpdate(newCsr, oldCsr);
        }
    }

    private void prepareStatusUpdate(ObjectNode newCsr, ObjectNode oldCsr) {
        if (!version.atLeast(1, 19)) {
            // before 1.19 /status could not touch conditions at all
            CsrJson.setConditions(newCsr, CsrJson.conditions(oldCsr));
            populateTimestamps(newCsr, oldCsr);
            return;
        }
        // Edits to existing Approved/Denied conditions are undone; adding or removing one changes the
        // count, is left as sent, and validation rejects it.
        preserveConditionInstances(newCsr, oldCsr, Certificates.APPROVED);
        preserveConditionInstances(newCsr, oldCsr, Certificates.DENIED);
        populateTimestamps(newCsr, oldCsr);
    }

    private void prepareApprovalUpdate(ObjectNode newCsr, ObjectNode oldCsr) {
        populateTimestamps(newCsr, oldCsr);
        List<ObjectNode> conditions = CsrJson.conditions(newCsr);
        newCsr.set("status", oldCsr.path("status").deepCopy());
        CsrJson.setConditions(newCsr, conditions);
    }

    private static void preserveConditionInstances(ObjectNode newCsr, ObjectNode oldCsr, String type) {
        List<Integer> oldIndices = indicesOf(oldCsr, type);
        List<Integer> newIndices = indicesOf(newCsr, type);
        if (oldIndices.size() != newIndices.size()) {
            return;
        }
        ArrayNode newConditions = (ArrayNode) newCsr.path("status").path("conditions");
        List<ObjectNode> old = CsrJson.conditions(oldCsr);
        for (int i = 0; i < oldIndices.size(); i++) {
            newConditions.set(newIndices.get(i), old.get(oldIndices.get(i)).deepCopy());
        }
    }

    private static List<Integer> indicesOf(ObjectNode csr, String type) {
        List<ObjectNode> conditions = CsrJson.conditions(csr);
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < conditions.size(); i++) {
            if (CsrJson.type(conditions.get(i)).equals(type)) {
                indices.add(i);
            }
        }
        return indices;
    }

    /**
     * Zero lastUpdateTime becomes now; from 1.19 a zero lastTransitionTime is copied from a stored
     * condition of the same type and status, else now. UNCERTAIN: lastUpdateTime filling is absent
     * from the 1.9 strategy; 1.10 is assumed as its first release.
     */
    private void populateTimestamps(ObjectNode newCsr, ObjectNode oldCsr) {
        if (!version.atLeast(1, 10)) {
            return;
        }
        String now = DateTimeFormatter.ISO_INSTANT.format(clock.now().truncatedTo(ChronoUnit.SECONDS));
        for (ObjectNode condition : CsrJson.conditions(newCsr)) {
            if (isZero(condition.get("lastUpdateTime"))) {
                condition.put("lastUpdateTime", now);
            }
            if (version.atLeast(1, 19) && isZero(condition.get("lastTransitionTime"))) {
                String transition = CsrJson.conditions(oldCsr).stream()
                        .filter(old -> CsrJson.type(old).equals(CsrJson.type(condition))
                                && CsrJson.conditionStatus(old).equals(CsrJson.conditionStatus(condition))
                                && !isZero(old.get("lastTransitionTime")))
                        .map(old -> old.get("lastTransitionTime").asText())
                        .findFirst().orElse(now);
                condition.put("lastTransitionTime", transition);
            }
        }
    }

    private static boolean isZero(JsonNode time) {
        return time == null || time.isNull() || time.asText("").isEmpty();
    }

    private static void putIfNotEmpty(ObjectNode node, String field, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(field, value);
        }
    }
}
