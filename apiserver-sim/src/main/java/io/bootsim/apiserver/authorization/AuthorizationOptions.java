package io.bootsim.apiserver.authorization;

import io.bootsim.core.api.GoFormat;

import io.bootsim.core.version.KubeVersion;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The legacy authorization flags ({@code --authorization-mode}, {@code --authorization-policy-file},
 * {@code --authorization-webhook-config-file}) and their validation, whose wording depends on the
 * release: ≈1.11+ collects every error (upstream: pkg/kubeapiserver/options/authorization.go
 * Validate); before that the authorizer config stopped at the first
 * (pkg/kubeapiserver/authorizer/config.go New).
 */
public record AuthorizationOptions(List<String> modes, String policyFile, String webhookConfigFile) {

    public static final List<String> MODES = List.of("AlwaysAllow", "AlwaysDeny", "ABAC", "Webhook", "RBAC", "Node");

    public AuthorizationOptions {
        modes = List.copyOf(modes);
        policyFile = policyFile == null ? "" : policyFile;
        webhookConfigFile = webhookConfigFile == null ? "" : webhookConfigFile;
    }

    /** Every error kube-apiserver of that release reports for these flags; empty when valid. */
    public List<String> validate(KubeVersion version) {
        return version.atLeast(1, 11) ? validateCollecting() : validateFirstError();
    }

    /** The startup failure text: Go's aggregate of the errors, or null when valid. */
    public String validationError(KubeVersion version) {
        List<String> errors = validate(version);
        return errors.isEmpty() ? null : GoFormat.aggregate(errors);
    }

    private List<String> validateCollecting() {
        List<String> errors = new ArrayList<>();
        if (modes.isEmpty()) {
            errors.add("at least one authorization-mode must be passed");
        }
        for (String mode : modes) {
            if (!MODES.contains(mode)) {
                errors.add("authorization-mode " + GoFormat.quote(mode) + " is not a valid mode");
            }
            if (mode.equals("ABAC") && policyFile.isEmpty()) {
                errors.add("authorization-mode ABAC's authorization policy file not passed");
            }
            if (mode.equals("Webhook") && webhookConfigFile.isEmpty()) {
                errors.add("authorization-mode Webhook's authorization config file not passed");
            }
        }
        if (!policyFile.isEmpty() && !modes.contains("ABAC")) {
            errors.add("cannot specify --authorization-policy-file without mode ABAC");
        }
        if (!webhookConfigFile.isEmpty() && !modes.contains("Webhook")) {
            errors.add("cannot specify --authorization-webhook-config-file without mode Webhook");
        }
        if (new LinkedHashSet<>(modes).size() != modes.size()) {
            errors.add("authorization-mode " + GoFormat.quote(modes) + " has mode specified more than once");
        }
        return errors;
    }

    private List<String> validateFirstError() {
        if (modes.isEmpty()) {
            return List.of("At least one authorization mode should be passed");
        }
        List<String> seen = new ArrayList<>();
        for (String mode : modes) {
            if (seen.contains(mode)) {
                return List.of("Authorization mode " + mode + " specified more than once");
            }
            seen.add(mode);
            if (!MODES.contains(mode)) {
                return List.of("Unknown authorization mode " + mode + " specified");
            }
            if (mode.equals("ABAC") && policyFile.isEmpty()) {
                return List.of("ABAC's authorization policy file not passed");
            }
            if (mode.equals("Webhook") && webhookConfigFile.isEmpty()) {
                return List.of("Webhook's configuration file not passed");
            }
        }
        if (!policyFile.isEmpty() && !modes.contains("ABAC")) {
            return List.of("Cannot specify --authorization-policy-file without mode ABAC");
        }
        if (!webhookConfigFile.isEmpty() && !modes.contains("Webhook")) {
            return List.of("Cannot specify --authorization-webhook-config-file without mode Webhook");
        }
        return List.of();
    }
}
