package io.bootsim.apiserver.printers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.version.KubeVersion;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Which printer serves which resource, as upstream's AddHandlers registers them
 * (pkg/printers/internalversion/printers.go); resources without one get the default convertor.
 */
final class PrintHandlers {

    private PrintHandlers() {
    }

    /** A printer whose cells are a plain function of the object. */
    private record Simple(List<TableColumn> columns, BiFunction<ObjectNode, Instant, List<Object>> cellsOf)
            implements ResourcePrinter {
        @Override
        public List<Object> cells(ObjectNode object, Instant now) {
            return cellsOf.apply(object, now);
        }
    }

    static ResourcePrinter forResource(String group, String resource, KubeVersion version) {
        ResourcePrinter printer = switch (group + "/" + resource) {
            case "certificates.k8s.io/certificatesigningrequests" -> new CertificateSigningRequestPrinter(version);
            case "/nodes" -> new NodePrinter();
            case "/events" -> new EventPrinter();
            case "/namespaces" -> NAMESPACE;
            case "/secrets" -> SECRET;
            case "/configmaps" -> CONFIGMAP;
            case "coordination.k8s.io/leases" -> LEASE;
            case "rbac.authorization.k8s.io/rolebindings", "rbac.authorization.k8s.io/clusterrolebindings" -> BINDING;
            default -> null;
        };
        return printer != null ? printer : DEFAULT;
    }

    private static final ResourcePrinter NAMESPACE = new Simple(
            List.of(TableColumn.nameColumn(), TableColumn.string("Status"), TableColumn.string("Age")),
            (ns, now) -> List.of(ObjectFields.name(ns), ObjectFields.text(ns, "status", "phase"),
                    ObjectFields.age(ns, now)));

    private static final ResourcePrinter SECRET = new Simple(
            List.of(TableColumn.nameColumn(), TableColumn.string("Type"), TableColumn.string("Data"), TableColumn.string("Age")),
            (s, now) -> List.of(ObjectFields.name(s), ObjectFields.text(s, "type"), (long) s.path("data").size(),
                    ObjectFields.age(s, now)));

    private static final ResourcePrinter CONFIGMAP = new Simple(
            List.of(TableColumn.nameColumn(), TableColumn.string("Data"), TableColumn.string("Age")),
            (cm, now) -> List.of(ObjectFields.name(cm), (long) (cm.path("data").size() + cm.path("binaryData").size()),
                    ObjectFields.age(cm, now)));

    private static final ResourcePrinter LEASE = new Simple(
            List.of(TableColumn.nameColumn(), TableColumn.string("Holder"), TableColumn.string("Age")),
            (lease, now) -> List.of(ObjectFields.name(lease), ObjectFields.text(lease, "spec", "holderIdentity"),
                    ObjectFields.age(lease, now)));

    /** RoleBindings and ClusterRoleBindings: NAME ROLE AGE, wide USERS GROUPS SERVICEACCOUNTS. */
    private static final ResourcePrinter BINDING = new Simple(
            List.of(TableColumn.nameColumn(), TableColumn.string("Role"), TableColumn.string("Age"),
                    TableColumn.wide("Users"), TableColumn.wide("Groups"), TableColumn.wide("ServiceAccounts")),
            PrintHandlers::bindingCells);

    private static List<Object> bindingCells(ObjectNode binding, Instant now) {
        Map<String, List<String>> byKind = Map.of("User", new ArrayList<>(), "Group", new ArrayList<>(),
                "ServiceAccount", new ArrayList<>());
        for (JsonNode s : binding.path("subjects")) {
            String kind = s.path("kind").asText();
            String name = s.path("name").asText();
            if (byKind.containsKey(kind)) {
                // Service accounts print as namespace/name (pkg/apis/rbac/helpers.go SubjectsStrings).
                byKind.get(kind).add(kind.equals("ServiceAccount") ? s.path("namespace").asText() + "/" + name : name);
            }
        }
        String role = ObjectFields.text(binding, "roleRef", "kind") + "/" + ObjectFields.text(binding, "roleRef", "name");
        return List.of(ObjectFields.name(binding), role, ObjectFields.age(binding, now),
                String.join(", ", byKind.get("User")), String.join(", ", byKind.get("Group")),
                String.join(", ", byKind.get("ServiceAccount")));
    }

    /** NAME and CREATED AT, for ClusterRoles, Roles and every resource without a printer. */
    private static final ResourcePrinter DEFAULT = new ResourcePrinter() {
        private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

        @Override
        public List<TableColumn> columns() {
            return List.of(TableColumn.nameColumn(), new TableColumn("Created At", "date", "", 0));
        }

        @Override
        public List<Object> cells(ObjectNode object, Instant now) {
            String created = ObjectFields.text(object, "metadata", "creationTimestamp");
            // Go formats the zero time when creationTimestamp is unset.
            String createdAt = created.isEmpty() ? "0001-01-01T00:00:00Z"
                    : RFC3339.format(OffsetDateTime.parse(created).withOffsetSameInstant(ZoneOffset.UTC));
            return List.of(ObjectFields.name(object), createdAt);
        }

        @Override
        public boolean rowsNullWhenEmpty() {
            return true;
        }
    };
}
