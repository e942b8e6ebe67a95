package io.bootsim.apiserver.authorization.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.authentication.UserInfo;
import io.bootsim.core.api.GoFormat;

/** rbac/v1 Subject: a User, Group or ServiceAccount a binding grants its role to. */
public record Subject(String kind, String apiGroup, String name, String namespace) {

    public static final String USER = "User";
    public static final String GROUP = "Group";
    public static final String SERVICE_ACCOUNT = "ServiceAccount";
    public static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";

    public Subject {
        apiGroup = apiGroup == null ? "" : apiGroup;
        namespace = namespace == null ? "" : namespace;
    }

    public static Subject user(String name) {
        return new Subject(USER, RoleRef.RBAC_GROUP, name, "");
    }

    public static Subject group(String name) {
        return new Subject(GROUP, RoleRef.RBAC_GROUP, name, "");
    }

    public static Subject serviceAccount(String namespace, String name) {
        return new Subject(SERVICE_ACCOUNT, "", name, namespace);
    }

    /**
     * The user name this subject matches, for Users and for ServiceAccounts
     * ({@code system:serviceaccount:<ns>:<name>}, the namespace defaulting to the binding's);
     * null for Groups, unknown kinds and ServiceAccounts without any namespace, which match nobody.
     * Upstream: pkg/registry/rbac/validation/rule.go appliesToUser.
     */
    public String userName(String bindingNamespace) {
        if (USER.equals(kind)) {
            return name;
        }
        if (SERVICE_ACCOUNT.equals(kind)) {
            String ns = namespace.isEmpty() ? bindingNamespace : namespace;
            return ns.isEmpty() ? null : SERVICE_ACCOUNT_PREFIX + ns + ":" + name;
        }
        return null;
    }

    public boolean appliesTo(UserInfo user, String bindingNamespace) {
        if (GROUP.equals(kind)) {
            return user.groups().contains(name);
        }
        String userName = userName(bindingNamespace);
        return userName != null && userName.equals(user.name());
    }

    /** How allow reasons name the subject: {@code Group "g"}, {@code ServiceAccount "name/ns"}. */
    public String describe(String bindingNamespace) {
        if (SERVICE_ACCOUNT.equals(kind)) {
            return kind + " " + GoFormat.quote(name + "/" + (namespace.isEmpty() ? bindingNamespace : namespace));
        }
        return kind + " " + GoFormat.quote(name);
    }

    public static Subject fromJson(JsonNode node, String path) {
        return new Subject(JsonFields.string(node, "kind", path), JsonFields.string(node, "apiGroup", path),
                JsonFields.string(node, "name", path), JsonFields.string(node, "namespace", path));
    }

    public ObjectNode toJson() {
        ObjectNode node = JsonFields.newObject().put("kind", kind);
        if (!apiGroup.isEmpty()) {
            node.put("apiGroup", apiGroup);
        }
        node.put("name", name);
        if (!namespace.isEmpty()) {
            node.put("namespace", namespace);
        }
        return node;
    }
}
