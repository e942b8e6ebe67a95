package io.bootsim.apiserver.authorization.abac;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.bootsim.apiserver.authentication.UserInfo;
import io.bootsim.core.api.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads an {@code --authorization-policy-file}: one JSON policy per line, blank and {@code #} lines
 * skipped, versioned ({@code abac.authorization.kubernetes.io/v1beta1}) or legacy unversioned lines,
 * each converted as upstream converts it (upstream: pkg/auth/authorizer/abac/abac.go NewFromFile,
 * pkg/apis/abac/v0/conversion.go, pkg/apis/abac/v1beta1/conversion.go).
 */
public final class PolicyFile {

    public static final String V1BETA1 = "abac.authorization.kubernetes.io/v1beta1";
    // Go's bufio.Scanner refuses longer lines
    private static final int MAX_LINE = 64 * 1024;

    /** The loaded policies, and the warning upstream logs if any line was unversioned. */
    public record Loaded(List<Policy> policies, List<String> warnings) {
        public Loaded {
            policies = List.copyOf(policies);
            warnings = List.copyOf(warnings);
        }
    }

    private PolicyFile() {
    }

    /** @throws IllegalArgumentException with upstream's wording naming the file and line */
    public static Loaded load(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("open " + path + ": " + (e.getMessage() == null ? e : e.getMessage()), e);
        }
        return parse(path.toString(), text);
    }

    public static Loaded parse(String fileName, String text) {
        List<Policy> policies = new ArrayList<>();
        boolean unversioned = false;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int number = i + 1;
            if (line.length() > MAX_LINE) {
                throw new IllegalArgumentException("error reading policy file " + fileName + ": bufio.Scanner: token too long");
            }
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            JsonNode node;
            try {
                node = Json.mapper().readTree(line);
            } catch (JsonProcessingException e) {
                throw lineError(fileName, number, line, e.getOriginalMessage());
            }
            if (node == null || !node.isObject()) {
                throw lineError(fileName, number, line, "expected a JSON object");
            }
            String apiVersion = node.path("apiVersion").asText("");
            String kind = node.path("kind").asText("");
            if (apiVersion.isEmpty() || kind.isEmpty()) {
                // upstream re-decodes a line without version/kind as the legacy v0 format
                policies.add(v0(fileName, number, line, node));
                unversioned = true;
            } else if (V1BETA1.equals(apiVersion) && "Policy".equals(kind)) {
                policies.add(v1beta1(fileName, number, line, node.path("spec")));
            } else {
                throw lineError(fileName, number, line, "no kind \"" + kind + "\" is registered for version \""
                        + apiVersion + "\"");
            }
        }
        List<String> warnings = unversioned ? List.of("Policy file " + fileName
                + " contained unversioned rules. See docs/admin/authorization.md#abac-mode for ABAC file format details.")
                : List.of();
        return new Loaded(policies, warnings);
    }

    private static Policy v1beta1(String file, int number, String line, JsonNode spec) {
        String user = string(file, number, line, spec, "user");
        String group = string(file, number, line, spec, "group");
        boolean readonly = bool(file, number, line, spec);
        // "*" for user or group means every authenticated user
        if (user.equals("*") || group.equals("*")) {
            group = UserInfo.AUTHENTICATED_GROUP;
            user = "";
        }
        return new Policy(number, user, group, readonly, string(file, number, line, spec, "apiGroup"),
                string(file, number, line, spec, "resource"), string(file, number, line, spec, "namespace"),
                string(file, number, line, spec, "nonResourcePath"));
    }

    private static Policy v0(String file, int number, String line, JsonNode node) {
        String user = string(file, number, line, node, "user");
        String group = string(file, number, line, node, "group");
        String namespace = string(file, number, line, node, "namespace");
        String resource = string(file, number, line, node, "resource");
        if (user.isEmpty() && group.isEmpty()) {
            group = UserInfo.AUTHENTICATED_GROUP;
        }
        if (user.equals("*") || group.equals("*")) {
            group = UserInfo.AUTHENTICATED_GROUP;
            user = "";
        }
        String nonResourcePath = namespace.isEmpty() && resource.isEmpty() ? "*" : "";
        return new Policy(number, user, group, bool(file, number, line, node), "*",
                resource.isEmpty() ? "*" : resource, namespace.isEmpty() ? "*" : namespace, nonResourcePath);
    }

    private static String string(String file, int number, String line, JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw lineError(file, number, line, "field " + field + ": expected a string, found " + v);
        }
        return v.asText();
    }

    private static boolean bool(String file, int number, String line, JsonNode node) {
        JsonNode v = node.get("readonly");
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw lineError(file, number, line, "field readonly: expected a boolean, found " + v);
        }
        return v.asBoolean();
    }

    private static IllegalArgumentException lineError(String file, int number, String line, String error) {
        return new IllegalArgumentException("error reading policy file " + file + ", line " + number + ": " + line + ": " + error);
    }
}
