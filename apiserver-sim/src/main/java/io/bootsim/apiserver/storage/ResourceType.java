package io.bootsim.apiserver.storage;

import io.bootsim.core.api.StatusException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Status;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What the store and the handlers need to know about one served resource: where it lives
 * (group, version, resource, scope), what it is called (kind), which fields a field selector may
 * name and how each is read from an object, whether PUT may create it, and the strategic-merge
 * metadata of its lists.
 *
 * @param fields             selectable fields in upstream's order, each read from a stored object
 * @param fieldLabels        how a field label outside {@code fields} is refused
 * @param allowCreateOnUpdate the registry strategy's AllowCreateOnUpdate
 */
public record ResourceType(String group, String version, String resource, String kind, boolean namespaced,
                           boolean allowCreateOnUpdate, Map<String, Function<ObjectNode, String>> fields,
                           FieldLabels fieldLabels, PatchSchema patchSchema) {

    public ResourceType {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** "group/resource" ("resource" for the core group): the key the store files objects under. */
    public String key() {
        return group.isEmpty() ? resource : group + "/" + resource;
    }

    /** "certificates.k8s.io/v1", or "v1" for the core group. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** GroupResource.String(): "certificatesigningrequests.certificates.k8s.io". */
    public String qualifiedResource() {
        return Status.qualified(group, resource);
    }

    /** The fields of {@code object} a field selector is matched against. */
    public Map<String, String> fieldSet(ObjectNode object) {
        Map<String, String> set = new LinkedHashMap<>();
        fields.forEach((label, read) -> set.put(label, read.apply(object)));
        return set;
    }

    /** Refuses a field label the resource does not serve, in its conversion function's words. */
    public void checkFieldLabel(String label) {
        boolean known = fieldLabels == FieldLabels.OBJECT_META
                ? label.equals("metadata.name") || label.equals("metadata.namespace")
                : fields.containsKey(label);
        if (!known) {
            throw new StatusException(Status.badRequest(fieldLabels.refusal(label)));
        }
    }

    /**
     * How a resource's field label conversion refuses unknown labels. Types without their own
     * conversion use runtime.DefaultMetaV1FieldSelectorConversion; the others register one that
     * says "field label not supported" (e.g. pkg/apis/certificates/v1/conversion.go).
     */
    public enum FieldLabels {
        OBJECT_META {
            @Override
            String refusal(String label) {
                return "\"" + label + "\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"";
            }
        },
        TYPE_SPECIFIC {
            @Override
            String refusal(String label) {
                return "field label not supported: " + label;
            }
        };

        abstract String refusal(String label);
    }
}
