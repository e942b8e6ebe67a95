package io.bootsim.kubectl;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;
import io.bootsim.core.flags.Flag;
import io.bootsim.core.flags.FlagSet;
import io.bootsim.core.flags.FlagType;
import io.bootsim.core.flags.ParsedFlags;
import io.bootsim.core.http.HttpRequest;

import java.util.List;

/**
 * {@code kubectl create clusterrolebinding|rolebinding NAME}: one POST without discovery, subjects
 * in kubectl's order (users, groups, service accounts), any API error reported as "failed to
 * create ...".
 */
// upstream: kubernetes/kubectl pkg/cmd/create/create_clusterrolebinding.go, create_rolebinding.go
final class CreateBindingCommand implements Subcommand {

    private static final String RBAC = "rbac.authorization.k8s.io";
    private static final Flag<String> CLUSTER_ROLE = Flag.of("clusterrole", FlagType.STRING, "",
            "ClusterRole this binding should reference");
    private static final Flag<String> ROLE = Flag.of("role", FlagType.STRING, "", "Role this RoleBinding should reference");
    private static final Flag<List<String>> USER = Flag.of("user", StringArray.TYPE, List.of(),
            "Usernames to bind to the role. The flag can be repeated to add multiple users.");
    private static final Flag<List<String>> GROUP = Flag.of("group", StringArray.TYPE, List.of(),
            "Groups to bind to the role. The flag can be repeated to add multiple groups.");
    private static final Flag<List<String>> SERVICE_ACCOUNT = Flag.of("serviceaccount", StringArray.TYPE, List.of(),
            "Service accounts to bind to the role, in the format <namespace>:<name>.");

    private final boolean cluster;

    CreateBindingCommand(boolean cluster) {
        this.cluster = cluster;
    }

    private String kind() {
        return cluster ? "clusterrolebinding" : "rolebinding";
    }

    @Override
    public String name() {
        return "create " + kind();
    }

    @Override
    public void declare(FlagSet flags) {
        flags.add(name(), CLUSTER_ROLE);
        if (!cluster) {
            flags.add(name(), ROLE);
        }
        flags.add(name(), USER);
        flags.add(name(), GROUP);
        flags.add(name(), SERVICE_ACCOUNT);
    }

    @Override
    public void run(Invocation run, ParsedFlags flags, List<String> args) {
        String roleKind;
        String roleName;
        if (cluster) {
            if (flags.get(CLUSTER_ROLE).isEmpty()) {
                run.fail("error: required flag(s) \"clusterrole\" not set");
                return;
            }
            roleKind = "ClusterRole";
            roleName = flags.get(CLUSTER_ROLE);
        } else {
            if (flags.get(CLUSTER_ROLE).isEmpty() == flags.get(ROLE).isEmpty()) {
                run.fail("error: exactly one of clusterrole or role must be specified");
                return;
            }
            roleKind = flags.get(ROLE).isEmpty() ? "ClusterRole" : "Role";
            roleName = flags.get(ROLE).isEmpty() ? flags.get(CLUSTER_ROLE) : flags.get(ROLE);
        }
        if (args.size() != 1) {
            run.fail("error: exactly one NAME is required, got " + args.size()
                    + "\nSee 'kubectl create " + kind() + " -h' for help and examples");
            return;
        }
        String name = args.get(0);
        ObjectNode binding = Json.object();
        binding.put("kind", cluster ? "ClusterRoleBinding" : "RoleBinding");
        binding.put("apiVersion", RBAC + "/v1");
        ObjectNode metadata = binding.putObject("metadata");
        metadata.put("name", name);
        if (!cluster) {
            metadata.put("namespace", run.namespace());
        }
        metadata.putNull("creationTimestamp");
        ArrayNode subjects = binding.putArray("subjects");
        flags.get(USER).forEach(u -> subjects.addObject().put("kind", "User").put("apiGroup", RBAC).put("name", u));
        flags.get(GROUP).forEach(g -> subjects.addObject().put("kind", "Group").put("apiGroup", RBAC).put("name", g));
        for (String sa : flags.get(SERVICE_ACCOUNT)) {
            String[] parts = sa.split(":", 2);
            if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
                run.fail("error: serviceaccount must be <namespace>:<name>");
                return;
            }
            subjects.addObject().put("kind", "ServiceAccount").put("namespace", parts[0]).put("name", parts[1]);
        }
        binding.putObject("roleRef").put("apiGroup", RBAC).put("kind", roleKind).put("name", roleName);
        String collection = cluster ? "/apis/" + RBAC + "/v1/clusterrolebindings"
                : "/apis/" + RBAC + "/v1/namespaces/" + run.namespace() + "/rolebindings";
        run.send(HttpRequest.post(collection + "?fieldManager=kubectl-create&fieldValidation=Strict", binding),
                result -> {
                    if (!result.isSuccess()) {
                        // wrapped with fmt.Errorf, so CheckErr no longer sees a Status: no "Error from server"
                        run.fail("error: failed to create " + kind() + ": " + result.goError());
                        return;
                    }
                    run.out().append(kind()).append('.').append(RBAC).append('/').append(name).append(" created\n");
                    run.finish(0);
                });
    }
}
