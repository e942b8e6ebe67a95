package io.bootsim.apiserver.endpoints.protobuf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.bootsim.core.api.Json;
import io.bootsim.core.api.Status;
import io.bootsim.core.api.StatusException;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1Authentication;
import io.kubernetes.client.proto.V1Authorization;
import io.kubernetes.client.proto.V1Certificates;
import io.kubernetes.client.proto.V1Rbac;
import io.kubernetes.client.proto.V1beta1Authentication;
import io.kubernetes.client.proto.V1beta1Certificates;

import java.util.HexFormat;
import java.util.Map;

/**
 * Decodes request bodies sent as {@code application/vnd.kubernetes.protobuf} (kubectl 1.32+ for
 * its typed-client writes) into the Kubernetes JSON object the handlers work on. The body is the
 * magic {@code k8s\0} followed by a runtime.Unknown envelope whose raw bytes are the object
 * (apimachinery pkg/runtime/serializer/protobuf/protobuf.go); the object is parsed with the
 * generated classes of client-java-proto.
 *
 * <p>Failures are the 400 BadRequest upstream's create/update handlers send
 * (apiserver pkg/endpoints/handlers/rest.go transformDecodeError).
 */
public final class ProtobufDecoder {

    public static final String CONTENT_TYPE = "application/vnd.kubernetes.protobuf";

    private static final byte[] MAGIC = {0x6b, 0x38, 0x73, 0x00};
    // Where kube-apiserver's scheme was created; it is part of the "no kind is registered" message.
    private static final String SCHEME = "k8s.io/kubernetes/pkg/api/legacyscheme/scheme.go:30";

    /** The kinds kubectl writes through its typed clients, and their neighbours. */
    private static final Map<TypeMeta, Parser<? extends Message>> PARSERS = Map.ofEntries(
            entry("authorization.k8s.io/v1", "SelfSubjectAccessReview", V1Authorization.SelfSubjectAccessReview.parser()),
            entry("authorization.k8s.io/v1", "SelfSubjectRulesReview", V1Authorization.SelfSubjectRulesReview.parser()),
            entry("authorization.k8s.io/v1", "SubjectAccessReview", V1Authorization.SubjectAccessReview.parser()),
            entry("authorization.k8s.io/v1", "LocalSubjectAccessReview", V1Authorization.LocalSubjectAccessReview.parser()),
            entry("authentication.k8s.io/v1", "SelfSubjectReview", V1Authentication.SelfSubjectReview.parser()),
            entry("authentication.k8s.io/v1", "TokenReview", V1Authentication.TokenReview.parser()),
            entry("authentication.k8s.io/v1beta1", "SelfSubjectReview", V1beta1Authentication.SelfSubjectReview.parser()),
            entry("certificates.k8s.io/v1", "CertificateSigningRequest", V1Certificates.CertificateSigningRequest.parser()),
            entry("certificates.k8s.io/v1beta1", "CertificateSigningRequest", V1beta1Certificates.CertificateSigningRequest.parser()),
            entry("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", V1Rbac.ClusterRoleBinding.parser()),
            entry("rbac.authorization.k8s.io/v1", "RoleBinding", V1Rbac.RoleBinding.parser()),
            entry("rbac.authorization.k8s.io/v1", "ClusterRole", V1Rbac.ClusterRole.parser()),
            entry("rbac.authorization.k8s.io/v1", "Role", V1Rbac.Role.parser()));

    private ProtobufDecoder() {
    }

    /**
     * The object in {@code body} as Kubernetes JSON, with kind and apiVersion first.
     *
     * @param into what the endpoint decodes into (from the URL); names the type in error messages
     *             and fills an envelope that leaves kind or apiVersion empty
     * @throws StatusException 400 BadRequest worded as kube-apiserver words it
     */
    public static ObjectNode decode(byte[] body, TypeMeta into) {
        Runtime.Unknown envelope = envelope(body, into);
        TypeMeta actual = new TypeMeta(envelope.getTypeMeta().getApiVersion(), envelope.getTypeMeta().getKind())
                .withDefaults(into);
        Parser<? extends Message> parser = PARSERS.get(actual);
        if (parser == null) {
            throw cannotBeHandled(actual, into, "no kind \"" + actual.kind() + "\" is registered for version \""
                    + actual.apiVersion() + "\" in scheme \"" + SCHEME + "\"");
        }
        Message object;
        try {
            object = parser.parseFrom(envelope.getRaw());
        } catch (InvalidProtocolBufferException e) {
            throw cannotBeHandled(actual, into, e.getMessage());
        }
        ObjectNode json = Json.object();
        json.put("kind", actual.kind());
        json.put("apiVersion", actual.apiVersion());
        return MessageJson.write(object, json);
    }

    private static Runtime.Unknown envelope(byte[] body, TypeMeta into) {
        if (body.length == 0) {
            throw unrecognized(into, "empty data", body);
        }
        if (body.length < MAGIC.length || !java.util.Arrays.equals(body, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw unrecognized(into, "provided data does not appear to be a protobuf message, expected prefix "
                    + "[107 56 115 0]", body);
        }
        if (body.length == MAGIC.length) {
            throw unrecognized(into, "empty body", body);
        }
        try {
            return Runtime.Unknown.parseFrom(java.nio.ByteBuffer.wrap(body, MAGIC.length, body.length - MAGIC.length));
        } catch (InvalidProtocolBufferException e) {
            throw unrecognized(into, e.getMessage(), body);
        }
    }

    private static StatusException cannotBeHandled(TypeMeta actual, TypeMeta into, String cause) {
        return badRequest(actual.kind() + " in version \"" + actual.version() + "\" cannot be handled as a "
                + into.kind() + ": " + cause);
    }

    private static StatusException unrecognized(TypeMeta into, String cause, byte[] body) {
        return badRequest("the object provided is unrecognized (must be of type " + into.kind() + "): " + cause
                + " (" + summarize(body) + ")");
    }

    /** The first 30 bytes, as text if the body looks like JSON, else as hex (rest.go summarizeData). */
    private static String summarize(byte[] body) {
        if (body.length == 0) {
            return "<empty>";
        }
        int n = Math.min(body.length, 30);
        String shown = body[0] == '{'
                ? new String(body, 0, n, java.nio.charset.StandardCharsets.UTF_8)
                : HexFormat.of().formatHex(body, 0, n);
        return body.length > 30 ? shown + " ..." : shown;
    }

    private static StatusException badRequest(String message) {
        return new StatusException(Status.failure(400, "BadRequest", message, null));
    }

    private static Map.Entry<TypeMeta, Parser<? extends Message>> entry(String apiVersion, String kind,
                                                                         Parser<? extends Message> parser) {
        return Map.entry(new TypeMeta(apiVersion, kind), parser);
    }
}
