package io.bootsim.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;

import java.util.Iterator;
import java.util.Map;

/**
 * The patch client-side apply sends: fields the last applied configuration had and the new one
 * drops become null (deletions, from original to modified), fields whose live value differs from
 * the new one are set (changes and additions, from current to modified). Lists are replaced
 * whole, which is what a strategic merge patch does for lists without a merge key (RBAC subjects
 * and rules, CSR usages); an empty patch means "unchanged".
 */
// upstream: k8s.io/apimachinery pkg/util/strategicpatch/patch.go CreateThreeWayMergePatch
final class ThreeWayMerge {

    private ThreeWayMerge() {
    }

    static ObjectNode patch(JsonNode original, ObjectNode modified, JsonNode current) {
        ObjectNode patch = Json.object();
        for (Iterator<Map.Entry<String, JsonNode>> it = modified.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode live = current == null ? null : current.get(e.getKey());
            JsonNode wanted = e.getValue();
            if (wanted.equals(live)) {
                continue;
            }
            if (wanted.isObject() && live != null && live.isObject()) {
                JsonNode before = original == null ? null : original.get(e.getKey());
                ObjectNode sub = patch(before, (ObjectNode) wanted, live);
                if (!sub.isEmpty()) {
                    patch.set(e.getKey(), sub);
                }
            } else {
                patch.set(e.getKey(), wanted);
            }
        }
        if (original != null && original.isObject()) {
            for (Iterator<String> it = original.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!modified.has(key)) {
                    patch.putNull(key);
                }
            }
        }
        return patch;
    }
}
