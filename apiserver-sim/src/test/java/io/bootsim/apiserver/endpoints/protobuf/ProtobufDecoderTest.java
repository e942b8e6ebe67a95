package io.bootsim.apiserver.endpoints.protobuf;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.bootsim.core.api.Json;
import io.bootsim.core.api.StatusException;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1Certificates;
import io.kubernetes.client.proto.V1Rbac;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ProtobufDecoderTest {

    static final TypeMeta SSAR = new TypeMeta("authorization.k8s.io/v1", "SelfSubjectAccessReview");
    static final TypeMeta CSR = new TypeMeta("certificates.k8s.io/v1", "CertificateSigningRequest");
    static final TypeMeta CRB = new TypeMeta("rbac.authorization.k8s.io/v1", "ClusterRoleBinding");

    // kubectl-wire.md 10.3: kubectl 1.33 `auth can-i create certificatesigningrequests`, 166 bytes.
    static final String CAN_I_CREATE_CSR = "6b387300"
            + "0a32" + "0a17" + "617574686f72697a6174696f6e2e6b38732e696f2f7631"     // typeMeta.apiVersion
            + "1217" + "53656c665375626a656374416363657373526576696577"           // typeMeta.kind
            + "1268"                                                              // raw, 104 bytes
            + "0a10" + "0a00" + "1200" + "1a00" + "2200" + "2a00" + "3200" + "3800" + "4200"   // metadata
            + "124a" + "0a48"                                                     // spec.resourceAttributes
            + "0a07" + "64656661756c74"
            + "1206" + "637265617465"
            + "1a13" + "6365727469666963617465732e6b38732e696f"
            + "2200"
            + "2a1a" + "63657274696669636174657369676e696e677265717565737473"
            + "3200" + "3a00"
            + "1a08" + "0800" + "1200" + "1a00" + "2000"                           // status
            + "1a00" + "2200";                                                    // contentEncoding, contentType

    @Test
    void decodesTheSelfSubjectAccessReviewKubectlSendsForCanI() {
        byte[] body = HexFormat.of().parseHex(CAN_I_CREATE_CSR);
        assertEquals(166, body.length);
        // The JSON kubectl 1.31 sends for the same command (kubectl-wire.md 5.12).
        assertEquals("{\"kind\":\"SelfSubjectAccessReview\",\"apiVersion\":\"authorization.k8s.io/v1\","
                        + "\"metadata\":{\"creationTimestamp\":null},\"spec\":{\"resourceAttributes\":{"
                        + "\"namespace\":\"default\",\"verb\":\"create\",\"group\":\"certificates.k8s.io\","
                        + "\"resource\":\"certificatesigningrequests\"}},\"status\":{\"allowed\":false}}",
                Json.write(ProtobufDecoder.decode(body, SSAR)));
    }

    @Test
    void decodesTheApprovalPutWithTimesAsRfc3339AndBytesAsBase64() {
        Meta.Time updated = Meta.Time.newBuilder().setSeconds(epoch("2026-11-28T16:20:37Z")).setNanos(0).build();
        V1Certificates.CertificateSigningRequest csr = V1Certificates.CertificateSigningRequest.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("csr-pending1").setUid("u-1")
                        .setResourceVersion("103").setCreationTimestamp(Meta.Time.newBuilder().setSeconds(epoch("2026-11-28T15:06:52Z"))))
                .setSpec(V1Certificates.CertificateSigningRequestSpec.newBuilder()
                        .setRequest(ByteString.copyFrom("-----BEGIN CERTIFICATE REQUEST-----\n", StandardCharsets.US_ASCII))
                        .setSignerName("kubernetes.io/kube-apiserver-client-kubelet")
                        .setExpirationSeconds(86400)
                        .addUsages("digital signature").addUsages("client auth")
                        .setUsername("system:bootstrap:abcdef").addGroups("system:bootstrappers")
                        .putExtra("scopes", V1Certificates.ExtraValue.newBuilder().addItems("a").addItems("b").build()))
                .setStatus(V1Certificates.CertificateSigningRequestStatus.newBuilder()
                        .addConditions(V1Certificates.CertificateSigningRequestCondition.newBuilder()
                                .setType("Approved").setStatus("True").setReason("KubectlApprove")
                                .setMessage("This CSR was approved by kubectl certificate approve.")
                                .setLastUpdateTime(updated)
                                .setLastTransitionTime(Meta.Time.getDefaultInstance())))
                .build();
        assertEquals("{\"kind\":\"CertificateSigningRequest\",\"apiVersion\":\"certificates.k8s.io/v1\","
                        + "\"metadata\":{\"name\":\"csr-pending1\",\"uid\":\"u-1\",\"resourceVersion\":\"103\","
                        + "\"creationTimestamp\":\"2026-11-28T15:06:52Z\"},"
                        + "\"spec\":{\"request\":\"LS0tLS1CRUdJTiBDRVJUSUZJQ0FURSBSRVFVRVNULS0tLS0K\","
                        + "\"signerName\":\"kubernetes.io/kube-apiserver-client-kubelet\",\"expirationSeconds\":86400,"
                        + "\"usages\":[\"digital signature\",\"client auth\"],\"username\":\"system:bootstrap:abcdef\","
                        + "\"groups\":[\"system:bootstrappers\"],\"extra\":{\"scopes\":[\"a\",\"b\"]}},"
                        + "\"status\":{\"conditions\":[{\"type\":\"Approved\",\"status\":\"True\",\"reason\":\"KubectlApprove\","
                        + "\"message\":\"This CSR was approved by kubectl certificate approve.\","
                        + "\"lastUpdateTime\":\"2026-11-28T16:20:37Z\",\"lastTransitionTime\":null}]}}",
                Json.write(ProtobufDecoder.decode(envelope(CSR, csr), CSR)));
    }

    @Test
    void decodesCreateClusterRoleBinding() {
        V1Rbac.ClusterRoleBinding crb = V1Rbac.ClusterRoleBinding.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("kubelet-bootstrap").setCreationTimestamp(Meta.Time.getDefaultInstance()))
                .addSubjects(V1Rbac.Subject.newBuilder().setKind("User").setApiGroup("rbac.authorization.k8s.io")
                        .setName("kubelet-bootstrap").setNamespace(""))
                .setRoleRef(V1Rbac.RoleRef.newBuilder().setApiGroup("rbac.authorization.k8s.io").setKind("ClusterRole")
                        .setName("system:node-bootstrapper"))
                .build();
        // Byte for byte the JSON kubectl 1.31 sends (kubectl-wire.md 5.9).
        assertEquals("{\"kind\":\"ClusterRoleBinding\",\"apiVersion\":\"rbac.authorization.k8s.io/v1\","
                        + "\"metadata\":{\"name\":\"kubelet-bootstrap\",\"creationTimestamp\":null},"
                        + "\"subjects\":[{\"kind\":\"User\",\"apiGroup\":\"rbac.authorization.k8s.io\",\"name\":\"kubelet-bootstrap\"}],"
                        + "\"roleRef\":{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\"ClusterRole\","
                        + "\"name\":\"system:node-bootstrapper\"}}",
                Json.write(ProtobufDecoder.decode(envelope(CRB, crb), CRB)));
    }

    @Test
    void envelopeWithoutKindTakesTheEndpointsType() {
        V1Rbac.ClusterRoleBinding crb = V1Rbac.ClusterRoleBinding.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("x")).build();
        assertEquals("ClusterRoleBinding",
                ProtobufDecoder.decode(envelope(new TypeMeta("", ""), crb), CRB).get("kind").asText());
    }

    @Test
    void unknownKindIsABadRequestNamingIt() {
        StatusException e = assertThrows(StatusException.class, () -> ProtobufDecoder.decode(
                envelope(new TypeMeta("authorization.k8s.io/v1", "Foo"), Meta.ObjectMeta.getDefaultInstance()), SSAR));
        assertEquals(400, e.status().code());
        assertEquals("BadRequest", e.status().reason());
        assertEquals("Foo in version \"v1\" cannot be handled as a SelfSubjectAccessReview: no kind \"Foo\" is "
                + "registered for version \"authorization.k8s.io/v1\" in scheme "
                + "\"k8s.io/kubernetes/pkg/api/legacyscheme/scheme.go:30\"", e.status().message());
    }

    @Test
    void jsonSentAsProtobufIsUnrecognizedWithASummaryOfTheBody() {
        byte[] body = "{\"kind\":\"SelfSubjectAccessReview\",\"apiVersion\":\"authorization.k8s.io/v1\"}"
                .getBytes(StandardCharsets.UTF_8);
        StatusException e = assertThrows(StatusException.class, () -> ProtobufDecoder.decode(body, SSAR));
        assertEquals("the object provided is unrecognized (must be of type SelfSubjectAccessReview): provided data "
                + "does not appear to be a protobuf message, expected prefix [107 56 115 0] "
                + "({\"kind\":\"SelfSubjectAccessRevi ...)", e.status().message());
    }

    @Test
    void emptyAndMagicOnlyBodiesAreUnrecognized() {
        assertEquals("the object provided is unrecognized (must be of type ClusterRoleBinding): empty data (<empty>)",
                assertThrows(StatusException.class, () -> ProtobufDecoder.decode(new byte[0], CRB)).status().message());
        assertEquals("the object provided is unrecognized (must be of type ClusterRoleBinding): empty body (6b387300)",
                assertThrows(StatusException.class,
                        () -> ProtobufDecoder.decode(new byte[]{0x6b, 0x38, 0x73, 0}, CRB)).status().message());
    }

    @Test
    void truncatedObjectIsABadRequestNotACrash() {
        byte[] raw = V1Rbac.ClusterRoleBinding.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("kubelet-bootstrap")).build().toByteArray();
        byte[] cut = java.util.Arrays.copyOf(raw, raw.length - 3);
        byte[] body = wrap(Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(CRB.apiVersion()).setKind(CRB.kind()))
                .setRaw(ByteString.copyFrom(cut)).build());
        StatusException e = assertThrows(StatusException.class, () -> ProtobufDecoder.decode(body, CRB));
        assertEquals(400, e.status().code());
        assertEquals(true, e.status().message().startsWith(
                "ClusterRoleBinding in version \"v1\" cannot be handled as a ClusterRoleBinding: "), e.status().message());
    }

    static long epoch(String rfc3339) {
        return java.time.Instant.parse(rfc3339).getEpochSecond();
    }

    static byte[] envelope(TypeMeta type, Message object) {
        return wrap(Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(type.apiVersion()).setKind(type.kind()))
                .setRaw(object.toByteString()).setContentEncoding("").setContentType("").build());
    }

    static byte[] wrap(Runtime.Unknown unknown) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[]{0x6b, 0x38, 0x73, 0x00});
        out.writeBytes(unknown.toByteArray());
        return out.toByteArray();
    }
}
