package io.bootsim.apiserver.endpoints.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.endpoints.discovery.MediaRange;
import io.bootsim.apiserver.registry.ServedResources;
import io.bootsim.apiserver.registry.ServedResources.GroupVersion;
import io.bootsim.apiserver.registry.ServedResources.Resource;
import io.bootsim.core.api.Json;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The smallest OpenAPI documents kubectl 1.27-1.33 accept for {@code apply -f} and
 * {@code create -f} (kubectl-wire.md section 3). /openapi/v2 is a protobuf document saying only
 * {@code swagger: "2.0"}, so kubectl finds no schema and leaves validation to the server.
 * /openapi/v3 lists one document per group version whose PATCH operations declare the
 * fieldValidation query parameter, which tells kubectl the server validates fields itself
 * (cli-runtime query_param_verifier_v3.go). Schemas are not served.
 */
public final class OpenApi {

    public static final String V2_PROTOBUF = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
    private static final String JSON = "application/json";
    // Field 1 (swagger) = "2.0" of openapi_v2.Document (gnostic).
    private static final byte[] SWAGGER_2_0 = {0x0a, 0x03, 0x32, 0x2e, 0x30};

    private final ServedResources served;

    public OpenApi(ServedResources served) {
        this.served = served;
    }

    /** The document for {@code path}, or empty when this release serves nothing there. */
    public Optional<OpenApiDocument> serve(String path, String accept) {
        // /openapi/v2 replaced /swagger-2.0.0.pb-v1 in 1.10; OpenAPI v3 is GA (on by default) since 1.27.
        if (path.equals("/openapi/v2") && served.version().atLeast(1, 10)) {
            return Optional.of(v2(accept));
        }
        if (path.equals("/swagger-2.0.0.pb-v1") && !served.version().atLeast(1, 10)) {
            // where kubectl looks when /openapi/v2 is missing: the same document, served as plain bytes
            return Optional.of(new OpenApiDocument("application/octet-stream", SWAGGER_2_0.clone(), ""));
        }
        if (!path.startsWith("/openapi/v3") || !served.version().atLeast(1, 27)) {
            return Optional.empty();
        }
        if (path.equals("/openapi/v3")) {
            return Optional.of(json(v3Root()));
        }
        return groupVersionPath(path.substring("/openapi/v3/".length()))
                .map(gv -> {
                    byte[] body = (Json.write(v3GroupVersion(gv)) + "\n").getBytes(StandardCharsets.UTF_8);
                    return new OpenApiDocument(JSON, body, "\"" + hash(body) + "\"");
                });
    }

    private static OpenApiDocument v2(String accept) {
        for (MediaRange range : MediaRange.parseAccept(accept)) {
            // kubectl asks for "...spec.v2@v1.0+protobuf" but needs the dotted spelling back: Go cannot parse '@'.
            if (range.type().equals("application") && range.subType().startsWith("com.github.proto-openapi.spec.v2")) {
                return new OpenApiDocument(V2_PROTOBUF, SWAGGER_2_0.clone(), "");
            }
            if (range.acceptsJson()) {
                break;
            }
        }
        ObjectNode doc = Json.object();
        doc.put("swagger", "2.0");
        return json(doc);
    }

    private static OpenApiDocument json(ObjectNode doc) {
        return new OpenApiDocument(JSON, (Json.write(doc) + "\n").getBytes(StandardCharsets.UTF_8), "");
    }

    private List<GroupVersion> groupVersions() {
        List<GroupVersion> all = new ArrayList<>(served.core().versions());
        served.apiGroups().forEach(g -> all.addAll(g.versions()));
        return all;
    }

    private static String pathOf(GroupVersion gv) {
        return gv.group().isEmpty() ? "api/" + gv.version() : "apis/" + gv.group() + "/" + gv.version();
    }

    private Optional<GroupVersion> groupVersionPath(String path) {
        return groupVersions().stream().filter(gv -> pathOf(gv).equals(path)).findFirst();
    }

    private ObjectNode v3Root() {
        ObjectNode doc = Json.object();
        ObjectNode paths = doc.putObject("paths");
        for (GroupVersion gv : groupVersions()) {
            byte[] body = (Json.write(v3GroupVersion(gv)) + "\n").getBytes(StandardCharsets.UTF_8);
            paths.putObject(pathOf(gv)).put("serverRelativeURL", "/openapi/v3/" + pathOf(gv) + "?hash=" + hash(body));
        }
        return doc;
    }

    private ObjectNode v3GroupVersion(GroupVersion gv) {
        ObjectNode doc = Json.object();
        doc.put("openapi", "3.0.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Kubernetes");
        info.put("version", served.version().gitVersion());
        ObjectNode paths = doc.putObject("paths");
        for (Resource r : gv.resources()) {
            if (!r.verbs().contains("patch")) {
                continue;
            }
            String item = "/" + pathOf(gv) + (r.namespaced() ? "/namespaces/{namespace}/" : "/") + r.name() + "/{name}";
            ObjectNode patch = paths.putObject(item).putObject("patch");
            ArrayNode parameters = patch.putArray("parameters");
            ObjectNode fieldValidation = parameters.addObject();
            fieldValidation.put("name", "fieldValidation");
            fieldValidation.put("in", "query");
            fieldValidation.putObject("schema").put("type", "string").put("uniqueItems", true);
            patch.putObject("responses").putObject("200").put("description", "OK");
            patch.put("x-kubernetes-action", "patch");
            ObjectNode gvk = patch.putObject("x-kubernetes-group-version-kind");
            gvk.put("group", r.group());
            gvk.put("version", r.version());
            gvk.put("kind", r.kind());
        }
        doc.putObject("components").putObject("schemas");
        return doc;
    }

    /** Upstream's content hash: SHA-512 of the document, upper-case hex (kube-openapi handler3). */
    private static String hash(byte[] body) {
        try {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-512").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-512", e);
        }
    }
}
