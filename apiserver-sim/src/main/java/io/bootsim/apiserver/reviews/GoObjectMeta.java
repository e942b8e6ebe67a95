package io.bootsim.apiserver.reviews;

import com.fasterxml.jackson.databind.JsonNode;
import io.bootsim.apiserver.validation.GoValue;
import io.bootsim.core.version.KubeVersion;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * The review validators reject a non-empty metadata with the ObjectMeta value itself, which field
 * errors print with Go's %#v: {@code v1.ObjectMeta{Name:"x", GenerateName:"", ...}}. The field list
 * follows the release (Initializers 1.9-1.13, ClusterName until 1.23, renamed
 * ZZZ_DeprecatedClusterName in 1.24, ManagedFields from 1.14) and so does the Go toolchain: from
 * 1.23 (Go 1.17) times print as {@code time.Date(...)}. Pointers other than nil print as addresses
 * upstream; bootsim prints a fixed one so traces stay deterministic, and it prints managedFields as
 * nil (the real server fills them in before validation).
 */
// upstream: staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/types.go ObjectMeta
final class GoObjectMeta {

    private static final String ADDRESS = "0xc000000000";
    private static final String[] STRINGS = {"name", "generateName", "namespace", "selfLink", "uid", "resourceVersion"};

    private GoObjectMeta() {
    }

    /** Whether the metadata is the zero ObjectMeta once managedFields (and optionally namespace) are ignored. */
    static boolean isEmpty(JsonNode meta, boolean ignoreNamespace) {
        for (String field : STRINGS) {
            if (!(ignoreNamespace && field.equals("namespace")) && !AccessReviewSpec.text(meta, field).isEmpty()) {
                return false;
            }
        }
        if (meta.path("generation").asLong(0) != 0) {
            return false;
        }
        for (String field : List.of("creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
                "labels", "annotations", "ownerReferences", "finalizers")) {
            JsonNode v = meta.path(field);
            if (!v.isMissingNode() && !v.isNull()) {
                return false;
            }
        }
        return true;
    }

    static String render(JsonNode meta, KubeVersion version) {
        boolean go117 = version.atLeast(1, 23);
        List<String> fields = new ArrayList<>();
        for (String field : STRINGS) {
            fields.add(goName(field) + ":" + GoValue.quote(AccessReviewSpec.text(meta, field)));
        }
        fields.add("Generation:" + meta.path("generation").asLong(0));
        fields.add("CreationTimestamp:" + time(meta.path("creationTimestamp"), go117));
        JsonNode deletion = meta.path("deletionTimestamp");
        fields.add("DeletionTimestamp:" + (deletion.isTextual()
                ? (go117 ? time(deletion, true) : "(*v1.Time)(" + ADDRESS + ")")
                : (go117 ? "<nil>" : "(*v1.Time)(nil)")));
        fields.add("DeletionGracePeriodSeconds:(*int64)(" + (meta.path("deletionGracePeriodSeconds").isNumber() ? ADDRESS : "nil") + ")");
        fields.add("Labels:" + stringMap(meta.path("labels")));
        fields.add("Annotations:" + stringMap(meta.path("annotations")));
        fields.add("OwnerReferences:" + ownerReferences(meta.path("ownerReferences")));
        if (!version.atLeast(1, 14)) {
            fields.add("Initializers:(*v1.Initializers)(nil)");
        }
        fields.add("Finalizers:" + stringSlice(meta.path("finalizers")));
        if (!version.atLeast(1, 24)) {
            fields.add("ClusterName:\"\"");
        } else if (!version.atLeast(1, 25)) {
            fields.add("ZZZ_DeprecatedClusterName:\"\"");
        }
        if (version.atLeast(1, 14)) {
            fields.add("ManagedFields:[]v1.ManagedFieldsEntry(nil)");
        }
        return "v1.ObjectMeta{" + String.join(", ", fields) + "}";
    }

    private static String goName(String jsonName) {
        return jsonName.equals("uid") ? "UID" : Character.toUpperCase(jsonName.charAt(0)) + jsonName.substring(1);
    }

    /** metav1.Time: the zero time, or a parsed one (metav1.Time.UnmarshalJSON keeps it in time.Local). */
    private static String time(JsonNode value, boolean go117) {
        if (!value.isTextual()) {
            return go117 ? "time.Date(1, time.January, 1, 0, 0, 0, 0, time.UTC)"
                    : "v1.Time{Time:time.Time{wall:0x0, ext:0, loc:(*time.Location)(nil)}}";
        }
        OffsetDateTime t = OffsetDateTime.parse(value.asText()).withOffsetSameInstant(ZoneOffset.UTC);
        if (!go117) {
            long ext = t.toEpochSecond() + 62135596800L; // seconds since year 1, Go's internal form
            return "v1.Time{Time:time.Time{wall:0x0, ext:" + ext + ", loc:(*time.Location)(" + ADDRESS + ")}}";
        }
        return "time.Date(" + t.getYear() + ", time." + t.getMonth().getDisplayName(TextStyle.FULL, Locale.ROOT)
                + ", " + t.getDayOfMonth() + ", " + t.getHour() + ", " + t.getMinute() + ", " + t.getSecond() + ", "
                + t.getNano() + ", time.Local)";
    }

    private static String stringMap(JsonNode map) {
        if (!map.isObject()) {
            return "map[string]string(nil)";
        }
        TreeMap<String, String> sorted = new TreeMap<>(); // Go prints map keys sorted
        map.properties().forEach(e -> sorted.put(e.getKey(), e.getValue().asText()));
        List<String> entries = new ArrayList<>();
        sorted.forEach((k, v) -> entries.add(GoValue.quote(k) + ":" + GoValue.quote(v)));
        return "map[string]string{" + String.join(", ", entries) + "}";
    }

    private static String stringSlice(JsonNode array) {
        if (!array.isArray()) {
            return "[]string(nil)";
        }
        return "[]string{" + String.join(", ", AccessReviewSpec.strings(array).stream().map(GoValue::quote).toList()) + "}";
    }

    private static String ownerReferences(JsonNode array) {
        if (!array.isArray()) {
            return "[]v1.OwnerReference(nil)";
        }
        List<String> refs = new ArrayList<>();
        for (JsonNode r : array) {
            refs.add("v1.OwnerReference{APIVersion:" + GoValue.quote(AccessReviewSpec.text(r, "apiVersion"))
                    + ", Kind:" + GoValue.quote(AccessReviewSpec.text(r, "kind"))
                    + ", Name:" + GoValue.quote(AccessReviewSpec.text(r, "name"))
                    + ", UID:" + GoValue.quote(AccessReviewSpec.text(r, "uid"))
                    + ", Controller:(*bool)(" + (r.path("controller").isBoolean() ? ADDRESS : "nil") + ")"
                    + ", BlockOwnerDeletion:(*bool)(" + (r.path("blockOwnerDeletion").isBoolean() ? ADDRESS : "nil") + ")}");
        }
        return "[]v1.OwnerReference{" + String.join(", ", refs) + "}";
    }
}
