package io.bootsim.apiserver.printers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code kubectl get nodes}: NAME STATUS ROLES AGE VERSION, and with -o wide INTERNAL-IP
 * EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME (pkg/printers/internalversion/printers.go).
 */
final class NodePrinter implements ResourcePrinter {

    private static final String ROLE_LABEL_PREFIX = "node-role.kubernetes.io/";
    private static final String ROLE_LABEL = "kubernetes.io/role";

    @Override
    public List<TableColumn> columns() {
        return List.of(TableColumn.nameColumn(), TableColumn.string("Status"), TableColumn.string("Roles"),
                TableColumn.string("Age"), TableColumn.string("Version"),
                TableColumn.wide("Internal-IP"), TableColumn.wide("External-IP"), TableColumn.wide("OS-Image"),
                TableColumn.wide("Kernel-Version"), TableColumn.wide("Container-Runtime"));
    }

    @Override
    public List<Object> cells(ObjectNode node, Instant now) {
        JsonNode info = ObjectFields.at(node, "status", "nodeInfo");
        return List.of(ObjectFields.name(node), status(node), roles(node), ObjectFields.age(node, now),
                ObjectFields.text(info, "kubeletVersion"),
                address(node, "InternalIP"), address(node, "ExternalIP"),
                orUnknown(ObjectFields.text(info, "osImage")), orUnknown(ObjectFields.text(info, "kernelVersion")),
                orUnknown(ObjectFields.text(info, "containerRuntimeVersion")));
    }

    /** Ready, NotReady or Unknown from the Ready condition, then SchedulingDisabled if cordoned. */
    static String status(ObjectNode node) {
        String status = "Unknown";
        for (JsonNode c : ObjectFields.at(node, "status", "conditions")) {
            if (c.path("type").asText().equals("Ready")) {
                status = c.path("status").asText().equals("True") ? "Ready" : "NotReady";
            }
        }
        return ObjectFields.at(node, "spec", "unschedulable").asBoolean() ? status + ",SchedulingDisabled" : status;
    }

    /** Sorted suffixes of node-role.kubernetes.io/ labels plus the kubernetes.io/role value. */
    static String roles(ObjectNode node) {
        TreeSet<String> roles = new TreeSet<>();
        ObjectFields.at(node, "metadata", "labels").fields().forEachRemaining(label -> {
            String key = label.getKey();
            if (key.startsWith(ROLE_LABEL_PREFIX) && key.length() > ROLE_LABEL_PREFIX.length()) {
                roles.add(key.substring(ROLE_LABEL_PREFIX.length()));
            } else if (key.equals(ROLE_LABEL) && !label.getValue().asText().isEmpty()) {
                roles.add(label.getValue().asText());
            }
        });
        return roles.isEmpty() ? "<none>" : String.join(",", roles);
    }

    private static String address(ObjectNode node, String type) {
        for (JsonNode a : ObjectFields.at(node, "status", "addresses")) {
            if (a.path("type").asText().equals(type)) {
                return a.path("address").asText();
            }
        }
        return "<none>";
    }

    private static String orUnknown(String value) {
        return value.isEmpty() ? "<unknown>" : value;
    }
}
