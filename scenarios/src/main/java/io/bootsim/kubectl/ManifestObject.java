package io.bootsim.kubectl;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One object of a {@code -f} file with where it lives: its resource, and its namespace (the
 * object's own, else the command's; set on the object, as kubectl sends it).
 */
record ManifestObject(ObjectNode object, ResourceMapping mapping, String namespace, String file) {

    /** Resolves {@code object} against discovery; the exception carries kubectl's message. */
    /**
     * Reads every document of every -f file and maps each to its resource through discovery, then
     * hands them on in file order; a bad file or unknown kind fails the command as kubectl does.
     */
    static void readAll(Invocation run, List<String> files, Consumer<List<ManifestObject>> then) {
        List<ObjectNode> objects = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (String file : files) {
            try {
                for (ObjectNode o : Manifests.read(run.resolve(file), file)) {
                    objects.add(o);
                    sources.add(file);
                }
            } catch (Manifests.ManifestException e) {
                run.fail(e.getMessage());
                return;
            }
        }
        Discovery.load(run, discovery -> {
            List<ManifestObject> targets = new ArrayList<>();
            for (int i = 0; i < objects.size(); i++) {
                try {
                    targets.add(of(objects.get(i), discovery, run, sources.get(i)));
                } catch (Manifests.ManifestException e) {
                    run.fail(e.getMessage());
                    return;
                }
            }
            then.accept(targets);
        });
    }

    static ManifestObject of(ObjectNode object, Discovery discovery, Invocation run, String file)
            throws Manifests.ManifestException {
        String apiVersion = object.path("apiVersion").asText();
        String kind = object.path("kind").asText();
        String name = object.path("metadata").path("name").asText("");
        String own = object.path("metadata").path("namespace").asText("");
        ResourceMapping mapping = discovery.forKind(apiVersion, kind).orElseThrow(() ->
                new Manifests.ManifestException("resource mapping not found for name: \"" + name + "\" namespace: \""
                        + own + "\" from \"" + file + "\": no matches for kind \"" + kind + "\" in version \""
                        + apiVersion + "\"\nensure CRDs are installed first"));
        if (!mapping.namespaced()) {
            return new ManifestObject(object, mapping, "", file);
        }
        if (!own.isEmpty() && run.explicitNamespace() && !own.equals(run.namespace())) {
            throw new Manifests.ManifestException("the namespace from the provided object \"" + own
                    + "\" does not match the namespace \"" + run.namespace() + "\". You must pass '--namespace="
                    + own + "' to perform this operation.");
        }
        String namespace = own.isEmpty() ? run.namespace() : own;
        ((ObjectNode) object.with("metadata")).put("namespace", namespace);
        return new ManifestObject(object, mapping, namespace, file);
    }

    String name() {
        return object.path("metadata").path("name").asText("");
    }

    /** {@code clusterrolebinding.rbac.authorization.k8s.io/NAME}, as kubectl reports the object. */
    String reference() {
        return mapping.kindGroup() + "/" + name();
    }

    /** The resource line of kubectl's apply errors: {@code Resource: "g/v, Resource=r", GroupVersionKind: ...}. */
    String describeForErrors() {
        String gv = mapping.groupVersion();
        return "Resource: \"" + gv + ", Resource=" + mapping.resource() + "\", GroupVersionKind: \"" + gv + ", Kind="
                + mapping.kind() + "\"\nName: \"" + name() + "\", Namespace: \"" + namespace + "\"";
    }
}
