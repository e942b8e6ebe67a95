package io.bootsim.apiserver.endpoints.protobuf;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.bootsim.core.api.Json;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Writes a decoded Kubernetes protobuf message as the JSON that Go's encoding/json writes for the
 * same Go object, walking the generated descriptors: fields in declaration order (which is the Go
 * struct order), zero values left out as omitempty does, metav1.Time as RFC 3339 (null when
 * unset), []byte as base64, map[string]ExtraValue as arrays.
 */
final class MessageJson {

    private MessageJson() {
    }

    private static final String META = "k8s.io.apimachinery.pkg.apis.meta.v1.";
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter RFC3339_MICRO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX")
            .withZone(ZoneOffset.UTC);

    /**
     * Fields whose Go json tag has no omitempty, so Go writes them even when zero; every other
     * zero scalar is omitted (k8s.io/api authorization/v1, rbac/v1, certificates/v1 types.go).
     */
    private static final Set<String> ALWAYS_WRITTEN = Set.of(
            "k8s.io.api.authorization.v1.SubjectAccessReviewStatus.allowed",
            "k8s.io.api.authorization.v1.SubjectRulesReviewStatus.incomplete",
            "k8s.io.api.rbac.v1.RoleRef.apiGroup",
            "k8s.io.api.rbac.v1.RoleRef.kind",
            "k8s.io.api.rbac.v1.RoleRef.name",
            "k8s.io.api.rbac.v1.Subject.kind",
            "k8s.io.api.rbac.v1.Subject.name",
            "k8s.io.api.certificates.v1.CertificateSigningRequestCondition.type",
            "k8s.io.api.certificates.v1.CertificateSigningRequestCondition.status");

    static ObjectNode write(Message message, ObjectNode into) {
        for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
            if (field.isMapField()) {
                writeMap(message, field, into);
            } else if (field.isRepeated()) {
                writeRepeated(message, field, into);
            } else if (message.hasField(field)) {
                writeSingle(message, field, into);
            }
        }
        return into;
    }

    private static void writeSingle(Message message, FieldDescriptor field, ObjectNode into) {
        Object value = message.getField(field);
        if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
            into.set(field.getName(), messageValue((Message) value));
            return;
        }
        boolean always = ALWAYS_WRITTEN.contains(field.getFullName());
        if (!always && isZero(value)) {
            return;
        }
        into.set(field.getName(), scalar(value));
    }

    private static com.fasterxml.jackson.databind.JsonNode messageValue(Message value) {
        String type = value.getDescriptorForType().getFullName();
        if (type.equals(META + "Time") || type.equals(META + "MicroTime")) {
            return time(value, type.endsWith("MicroTime") ? RFC3339_MICRO : RFC3339);
        }
        return write(value, Json.object());
    }

    /** An empty Time message is Go's zero time, which metav1.Time writes as null. */
    private static com.fasterxml.jackson.databind.JsonNode time(Message value, DateTimeFormatter format) {
        Descriptor d = value.getDescriptorForType();
        FieldDescriptor seconds = d.findFieldByName("seconds");
        FieldDescriptor nanos = d.findFieldByName("nanos");
        if (!value.hasField(seconds) && !value.hasField(nanos)) {
            return JsonNodeFactory.instance.nullNode();
        }
        Instant instant = Instant.ofEpochSecond((Long) value.getField(seconds), (Integer) value.getField(nanos));
        return JsonNodeFactory.instance.textNode(format.format(instant));
    }

    private static void writeRepeated(Message message, FieldDescriptor field, ObjectNode into) {
        List<?> values = (List<?>) message.getField(field);
        if (values.isEmpty()) {
            return;
        }
        ArrayNode array = into.putArray(field.getName());
        for (Object v : values) {
            array.add(v instanceof Message m ? messageValue(m) : scalar(v));
        }
    }

    private static void writeMap(Message message, FieldDescriptor field, ObjectNode into) {
        List<?> entries = (List<?>) message.getField(field);
        if (entries.isEmpty()) {
            return;
        }
        ObjectNode map = into.putObject(field.getName());
        for (Object e : entries) {
            Message entry = (Message) e;
            Descriptor d = entry.getDescriptorForType();
            String key = (String) entry.getField(d.findFieldByName("key"));
            Object value = entry.getField(d.findFieldByName("value"));
            if (value instanceof Message extra && extra.getDescriptorForType().getName().equals("ExtraValue")) {
                // ExtraValue is a Go []string: JSON shows the items array itself.
                ArrayNode items = map.putArray(key);
                ((List<?>) extra.getField(extra.getDescriptorForType().findFieldByName("items")))
                        .forEach(i -> items.add((String) i));
            } else {
                map.set(key, value instanceof Message m ? messageValue(m) : scalar(value));
            }
        }
    }

    private static boolean isZero(Object value) {
        return value instanceof String s && s.isEmpty()
                || value instanceof ByteString b && b.isEmpty()
                || value instanceof Boolean bool && !bool
                || value instanceof Number n && n.longValue() == 0;
    }

    private static com.fasterxml.jackson.databind.JsonNode scalar(Object value) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (value instanceof ByteString b) {
            return f.textNode(Base64.getEncoder().encodeToString(b.toByteArray()));
        }
        if (value instanceof String s) {
            return f.textNode(s);
        }
        if (value instanceof Boolean b) {
            return f.booleanNode(b);
        }
        if (value instanceof Integer i) {
            return f.numberNode(i);
        }
        if (value instanceof Long l) {
            return f.numberNode(l);
        }
        // Enums do not occur in Kubernetes' generated.proto files; anything else is written as text.
        return f.textNode(String.valueOf(value));
    }
}
