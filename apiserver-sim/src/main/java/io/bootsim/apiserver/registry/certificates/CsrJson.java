package io.bootsim.apiserver.registry.certificates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Typed reads of a CertificateSigningRequest held as Kubernetes JSON. Absent fields read as Go's
 * zero values ("" , empty list, null bytes), so rules written against upstream's structs read the same.
 */
final class CsrJson {

    private CsrJson() {
    }

    static String name(ObjectNode csr) {
        return csr.path("metadata").path("name").asText("");
    }

    static ObjectNode spec(ObjectNode csr) {
        return child(csr, "spec");
    }

    static ObjectNode status(ObjectNode csr) {
        return child(csr, "status");
    }

    /**
     * spec.request decoded from base64, null when absent. Undecodable base64 also reads as null:
     * the body decoder is where upstream rejects it, before any of this runs.
     */
    static byte[] request(ObjectNode csr) {
        return bytes(csr.path("spec").path("request"));
    }

    static byte[] certificate(ObjectNode csr) {
        return bytes(csr.path("status").path("certificate"));
    }

    static String signerName(ObjectNode csr) {
        return csr.path("spec").path("signerName").asText("");
    }

    static List<String> usages(ObjectNode csr) {
        List<String> usages = new ArrayList<>();
        csr.path("spec").path("usages").forEach(u -> usages.add(u.asText("")));
        return usages;
    }

    /** The conditions in order; each is the live node, so callers may edit it in place. */
    static List<ObjectNode> conditions(ObjectNode csr) {
        List<ObjectNode> conditions = new ArrayList<>();
        csr.path("status").path("conditions").forEach(c -> {
            if (c instanceof ObjectNode o) {
                conditions.add(o);
            }
        });
        return conditions;
    }

    static String type(JsonNode condition) {
        return condition.path("type").asText("");
    }

    static String conditionStatus(JsonNode condition) {
        return condition.path("status").asText("");
    }

    static List<ObjectNode> conditionsOfType(ObjectNode csr, String type) {
        return conditions(csr).stream().filter(c -> type(c).equals(type)).toList();
    }

    /** Replaces status.conditions; an empty list removes the field (omitempty). */
    static void setConditions(ObjectNode csr, List<? extends JsonNode> conditions) {
        ObjectNode status = status(csr);
        if (conditions.isEmpty()) {
            status.remove("conditions");
            return;
        }
        ArrayNode array = status.putArray("conditions");
        conditions.forEach(c -> array.add(c.deepCopy()));
    }

    private static ObjectNode child(ObjectNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node instanceof ObjectNode o) {
            return o;
        }
        return parent.putObject(field);
    }

    private static byte[] bytes(JsonNode node) {
        if (!node.isTextual()) {
            return null;
        }
        try {
            // encoding/json decodes []byte with StdEncoding after dropping \r and \n
            return Base64.getDecoder().decode(node.asText().replace("\r", "").replace("\n", ""));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
