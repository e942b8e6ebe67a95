package io.bootsim.apiserver.authorization;

import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AuthorizationOptionsTest {

    private static AuthorizationOptions options(String modes, String policy, String webhook) {
        return new AuthorizationOptions(modes == null ? List.of() : List.of(modes.split(",")), policy, webhook);
    }

    /** B10 (pkg/kubeapiserver/options/authorization_test.go) with the exact texts of ≈1.11+ and of 1.9/1.10. */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', nullValues = "~", value = {
        "V-1|DoesNotExist|~|~|authorization-mode \"DoesNotExist\" is not a valid mode|Unknown authorization mode DoesNotExist specified",
        "V-2|~|~|~|at least one authorization-mode must be passed|At least one authorization mode should be passed",
        "V-4|AlwaysAllow,AlwaysDeny,ABAC|~|~|authorization-mode ABAC's authorization policy file not passed|ABAC's authorization policy file not passed",
        "V-5|AlwaysAllow,AlwaysDeny|example_policy_file.jsonl|~|cannot specify --authorization-policy-file without mode ABAC|Cannot specify --authorization-policy-file without mode ABAC",
        "V-7|Webhook|~|~|authorization-mode Webhook's authorization config file not passed|Webhook's configuration file not passed",
        "V-8|AlwaysAllow|~|authz_webhook_config.yaml|cannot specify --authorization-webhook-config-file without mode Webhook|Cannot specify --authorization-webhook-config-file without mode Webhook",
        "dup|RBAC,Node,RBAC|~|~|authorization-mode [\"RBAC\" \"Node\" \"RBAC\"] has mode specified more than once|Authorization mode RBAC specified more than once",
        "case|rbac|~|~|authorization-mode \"rbac\" is not a valid mode|Unknown authorization mode rbac specified",
    })
    void invalidFlagsAreRejectedInTheReleasesWords(String id, String modes, String policy, String webhook,
                                                   String modern, String legacy) {
        assertEquals(modern, options(modes, policy, webhook).validationError(KubeVersion.of(1, 33)));
        assertEquals(modern, options(modes, policy, webhook).validationError(KubeVersion.of(1, 11)));
        assertEquals(legacy, options(modes, policy, webhook).validationError(KubeVersion.of(1, 9)));
    }

    @Test
    void modernValidationCollectsEveryError() {
        assertEquals(List.of("authorization-mode \"Foo\" is not a valid mode",
                        "authorization-mode ABAC's authorization policy file not passed",
                        "authorization-mode ABAC's authorization policy file not passed",
                        "authorization-mode [\"Foo\" \"ABAC\" \"ABAC\"] has mode specified more than once"),
                options("Foo,ABAC,ABAC", null, null).validate(KubeVersion.NEWEST));
        assertEquals("[at least one authorization-mode must be passed, cannot specify --authorization-policy-file without mode ABAC]",
                options(null, "p.jsonl", null).validationError(KubeVersion.NEWEST));
    }

    @Test
    void validModesPass() {
        assertEquals(List.of(), options("Node,RBAC", null, null).validate(KubeVersion.NEWEST));
        assertEquals(List.of(), options("Node,RBAC", null, null).validate(KubeVersion.of(1, 9)));
    }
}
