package io.bootsim.apiserver.storage;

import java.util.Map;

/**
 * The strategic-merge metadata of one type: for each list field (dotted path from the object root)
 * declared {@code patchStrategy:"merge"} in k8s.io/api, its {@code patchMergeKey}, or the empty
 * string for a merged list of primitives (metadata.finalizers). Every other list is replaced whole.
 */
public record PatchSchema(Map<String, String> mergeKeys) {

    /** What every type inherits from ObjectMeta (k8s.io/apimachinery pkg/apis/meta/v1/types.go). */
    public static final Map<String, String> OBJECT_META = Map.of(
            "metadata.finalizers", "",
            "metadata.ownerReferences", "uid");

    public PatchSchema {
        mergeKeys = Map.copyOf(mergeKeys);
    }

    public static PatchSchema objectMetaOnly() {
        return new PatchSchema(OBJECT_META);
    }

    public static PatchSchema withLists(Map<String, String> lists) {
        java.util.Map<String, String> all = new java.util.HashMap<>(OBJECT_META);
        all.putAll(lists);
        return new PatchSchema(all);
    }

    /** The list at {@code path} merges; {@link #mergeKey} then tells by what. */
    public boolean merges(String path) {
        return mergeKeys.containsKey(path);
    }

    /** The merge key of the list at {@code path}, or "" for a merged list of primitives. */
    public String mergeKey(String path) {
        return mergeKeys.get(path);
    }
}
