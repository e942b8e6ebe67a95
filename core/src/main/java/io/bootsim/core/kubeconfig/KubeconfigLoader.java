package io.bootsim.core.kubeconfig;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.bootsim.core.api.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.TreeMap;

/**
 * Reads a kubeconfig as client-go's clientcmd does: YAML or JSON, unknown fields ignored, any YAML
 * scalar accepted where a string is expected, {@code -data} fields base64-decoded, names unique
 * per list, an empty file is an empty config. Errors name the file and the field.
 */
// upstream: staging/src/k8s.io/client-go/tools/clientcmd/loader.go (LoadFromFile, Load)
public final class KubeconfigLoader {

    private KubeconfigLoader() {
    }

    /** Loads {@code file} as an explicit {@code --kubeconfig} path; a missing file is an error. */
    public static Kubeconfig load(Path file) throws KubeconfigException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            // upstream: ClientConfigLoadingRules.Load stats an explicit path before reading it
            throw KubeconfigException.plain(file, OsError.describe("stat", file.toString(), e));
        } catch (IOException e) {
            throw KubeconfigException.loading(file, null, OsError.describe("read", file.toString(), e));
        }
        return parse(new String(bytes, StandardCharsets.UTF_8), file);
    }

    /** Parses kubeconfig text; {@code origin} (may be null) names it in errors and anchors relative paths. */
    public static Kubeconfig parse(String text, Path origin) throws KubeconfigException {
        JsonNode root;
        try {
            root = Json.yaml().readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ": ";
            throw KubeconfigException.loading(origin, null, "yaml: " + where + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return Kubeconfig.empty().withOrigin(origin);
        }
        Fields top = new Fields(origin, root, "", "Config");
        if (!root.isObject()) {
            throw top.typeError(root, "", "v1.Config");
        }
        return new Kubeconfig(
                named(top, "clusters", "cluster", "NamedCluster", "Cluster", KubeconfigLoader::cluster),
                named(top, "users", "user", "NamedAuthInfo", "AuthInfo", KubeconfigLoader::authInfo),
                named(top, "contexts", "context", "NamedContext", "Context", KubeconfigLoader::context),
                top.string("current-context"), origin);
    }

    private interface Decoder<T> {
        T decode(Fields fields) throws KubeconfigException;
    }

    private static Cluster cluster(Fields f) throws KubeconfigException {
        return new Cluster(f.string("server"), f.string("certificate-authority"), f.bytes("certificate-authority-data"),
                f.bool("insecure-skip-tls-verify"), f.string("tls-server-name"));
    }

    private static AuthInfo authInfo(Fields f) throws KubeconfigException {
        return new AuthInfo(f.string("client-certificate"), f.bytes("client-certificate-data"), f.string("client-key"),
                f.bytes("client-key-data"), f.string("token"), f.string("tokenFile"));
    }

    private static Context context(Fields f) throws KubeconfigException {
        return new Context(f.string("cluster"), f.string("user"), f.string("namespace"));
    }

    private static <T> TreeMap<String, T> named(Fields top, String list, String item, String namedType,
                                                String itemType, Decoder<T> decoder) throws KubeconfigException {
        TreeMap<String, T> result = new TreeMap<>();
        JsonNode entries = top.node.get(list);
        if (entries == null || entries.isNull()) {
            return result;
        }
        if (!entries.isArray()) {
            throw top.typeError(entries, list, "[]v1." + namedType);
        }
        for (int i = 0; i < entries.size(); i++) {
            String path = list + "[" + i + "]";
            JsonNode entry = entries.get(i);
            if (entry.isNull()) {
                entry = Json.yaml().createObjectNode();
            }
            if (!entry.isObject()) {
                throw top.typeError(entry, path, "v1." + namedType);
            }
            Fields named = new Fields(top.origin, entry, path + ".", namedType);
            String name = named.string("name");
            JsonNode body = entry.get(item);
            if (body == null || body.isNull()) {
                body = Json.yaml().createObjectNode();
            }
            if (!body.isObject()) {
                throw named.typeError(body, path + "." + item, "v1." + itemType);
            }
            T value = decoder.decode(new Fields(top.origin, body, path + "." + item + ".", itemType));
            if (result.putIfAbsent(name, value) != null) {
                // upstream: clientcmd/api/v1/conversion.go; client-go also dumps the whole list, left out here
                throw KubeconfigException.loading(top.origin, path + ".name", "error converting *[]" + namedType
                        + " into *map[string]*api." + itemType + ": duplicate name \"" + name + "\" in list");
            }
        }
        return result;
    }

    /** Typed access to one YAML mapping, producing encoding/json's errors with our field path. */
    private record Fields(Path origin, JsonNode node, String prefix, String goStruct) {

        String string(String key) throws KubeconfigException {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return "";
            }
            // sigs.k8s.io/yaml turns any scalar into a string when the Go field is a string
            if (v.isValueNode()) {
                return v.asText();
            }
            throw typeError(v, prefix + key, "string");
        }

        boolean bool(String key) throws KubeconfigException {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return false;
            }
            if (v.isBoolean()) {
                return v.booleanValue();
            }
            throw typeError(v, prefix + key, "bool");
        }

        byte[] bytes(String key) throws KubeconfigException {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return new byte[0];
            }
            if (!v.isTextual()) {
                throw typeError(v, prefix + key, "[]uint8");
            }
            try {
                return GoBase64.decode(v.textValue());
            } catch (GoBase64.IllegalBase64 e) {
                throw KubeconfigException.loading(origin, prefix + key, e.getMessage());
            }
        }

        /** encoding/json's UnmarshalTypeError: "cannot unmarshal string into Go struct field Cluster.clusters.cluster.server of type bool". */
        KubeconfigException typeError(JsonNode found, String path, String goType) {
            String goPath = path.replaceAll("\\[\\d+]", "");
            String target = goPath.isEmpty() ? "Go value" : "Go struct field " + goStruct + "." + goPath;
            return KubeconfigException.loading(origin, path.isEmpty() ? null : path,
                    "json: cannot unmarshal " + jsonType(found) + " into " + target + " of type " + goType);
        }

        private static String jsonType(JsonNode n) {
            return switch (n.getNodeType()) {
                case ARRAY -> "array";
                case OBJECT, POJO -> "object";
                case BOOLEAN -> "bool";
                case NUMBER -> "number";
                default -> "string";
            };
        }
    }
}
