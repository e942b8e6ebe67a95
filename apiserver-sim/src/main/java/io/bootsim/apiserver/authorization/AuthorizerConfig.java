package io.bootsim.apiserver.authorization;

import io.bootsim.apiserver.authorization.abac.AbacAuthorizer;
import io.bootsim.apiserver.authorization.abac.PolicyFile;
import io.bootsim.apiserver.authorization.node.NodeAuthorizer;
import io.bootsim.apiserver.authorization.rbac.RbacAuthorizer;
import io.bootsim.apiserver.authorization.rbac.RbacIndex;
import io.bootsim.apiserver.authorization.rbac.RuleResolver;
import io.bootsim.core.version.KubeVersion;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the authorizer chain kube-apiserver would run for validated flags: system:masters first,
 * then one authorizer per mode in flag order (upstream: pkg/kubeapiserver/authorizer/config.go).
 */
public final class AuthorizerConfig {

    /** The chain and the warnings printed while building it (e.g. ABAC's unversioned-rules warning). */
    public record Built(Union union, List<String> warnings) {
        public Built {
            warnings = List.copyOf(warnings);
        }
    }

    private AuthorizerConfig() {
    }

    /**
     * @param rbac the RBAC objects the storage feeds (used when RBAC is a mode)
     * @throws IllegalArgumentException with the release's own wording for invalid flags, an
     *         unreadable or malformed policy file, or mode Webhook, which bootsim does not simulate
     */
    public static Built build(AuthorizationOptions options, RbacIndex rbac, KubeVersion version) {
        String invalid = options.validationError(version);
        if (invalid != null) {
            throw new IllegalArgumentException(invalid);
        }
        List<Authorizer> chain = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        chain.add(PrivilegedGroups.systemMasters());
        for (String mode : options.modes()) {
            switch (mode) {
                case "AlwaysAllow" -> chain.add(new AlwaysAllow());
                case "AlwaysDeny" -> chain.add(new AlwaysDeny());
                case "ABAC" -> {
                    PolicyFile.Loaded loaded = PolicyFile.load(Path.of(options.policyFile()));
                    warnings.addAll(loaded.warnings());
                    chain.add(new AbacAuthorizer(options.policyFile(), loaded.policies()));
                }
                case "RBAC" -> chain.add(new RbacAuthorizer(new RuleResolver(rbac), version));
                case "Node" -> chain.add(new NodeAuthorizer(version));
                default -> throw new IllegalArgumentException("authorization-mode " + mode
                        + " is not simulated by bootsim (supported: AlwaysAllow, AlwaysDeny, ABAC, RBAC, Node)");
            }
        }
        return new Built(new Union(chain), warnings);
    }
}
