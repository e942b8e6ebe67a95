package io.bootsim.apiserver.registry.certificates;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.authentication.UserInfo;
import io.bootsim.apiserver.validation.FieldError;
import io.bootsim.core.time.Clock;
import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.bootsim.apiserver.registry.certificates.TestCsrs.condition;
import static io.bootsim.apiserver.registry.certificates.TestCsrs.withConditions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** What a client sees through each endpoint: the strategy runs, then validation (strategy.go + validation.go). */
class CertificateSigningRequestStrategyTest {

    private static final Clock CLOCK = () -> Instant.parse("2024-05-01T10:00:00.123Z");
    private static final String NOW = "2024-05-01T10:00:00Z";
    private final CertificateSigningRequestStrategy strategy =
            new CertificateSigningRequestStrategy(KubeVersion.NEWEST, CLOCK);
    private final CertificateSigningRequestValidation validation =
            new CertificateSigningRequestValidation(KubeVersion.NEWEST);

    @Test
    void createTakesTheRequestorFromTheUserNotTheBody() {
        ObjectNode csr = withConditions(TestCsrs.baseline(), condition("Approved", "True"));
        CsrJson.spec(csr).put("username", "system:admin").put("uid", "0").putArray("groups").add("system:masters");
        UserInfo user = new UserInfo("system:bootstrap:abcdef", "u-1",
                List.of("system:bootstrappers", "system:authenticated"), Map.of("scopes", List.of("a", "b")));

        strategy.prepareForCreate(csr, user);

        ObjectNode spec = CsrJson.spec(csr);
        assertEquals("system:bootstrap:abcdef", spec.path("username").asText());
        assertEquals("u-1", spec.path("uid").asText());
        assertEquals("[\"system:bootstrappers\",\"system:authenticated\"]", spec.path("groups").toString());
        assertEquals("{\"scopes\":[\"a\",\"b\"]}", spec.path("extra").toString());
        assertEquals("{}", csr.path("status").toString(), "users cannot create pre-approved requests");
    }

    @Test
    void createWithoutAUserClearsTheRequestor() {
        ObjectNode csr = TestCsrs.baseline();
        CsrJson.spec(csr).put("username", "mallory");

        strategy.prepareForCreate(csr, null);

        assertFalse(CsrJson.spec(csr).has("username"));
    }

    @Test
    void createIn19DoesNotCopyExtra() {
        ObjectNode csr = TestCsrs.baseline();
        new CertificateSigningRequestStrategy(KubeVersion.OLDEST, CLOCK).prepareForCreate(csr,
                new UserInfo("u", "", List.of(), Map.of("k", List.of("v"))));

        assertFalse(CsrJson.spec(csr).has("extra"));
    }

    @Test
    void plainUpdateSilentlyKeepsSpecAndStatus() {
        ObjectNode old = withConditions(TestCsrs.baseline(), condition("Approved", "True"));
        ObjectNode updated = old.deepCopy();
        CsrJson.spec(updated).put("signerName", "example.com/other").put("username", "mallory");
        CsrJson.status(updated).remove("conditions");
        CsrJson.status(updated).put("certificate", TestCsrs.base64(TestCsrs.certificatePem("x")));
        ((ObjectNode) updated.path("metadata")).putObject("labels").put("team", "a");

        List<FieldError> errors = prepareAndValidate(updated, old, Subresource.MAIN);

        assertEquals(List.of(), errors);
        assertEquals(old.path("spec"), updated.path("spec"));
        assertEquals(old.path("status"), updated.path("status"));
        assertEquals("a", updated.path("metadata").path("labels").path("team").asText());
    }

    @Test
    void statusUpdateUndoesEditsToExistingApprovalButRejectsAddingOne() {
        ObjectNode old = withConditions(TestCsrs.baseline(), stamped(condition("Approved", "True")));
        ObjectNode edited = withConditions(old.deepCopy(), condition("Approved", "True").put("reason", "Edited"));

        assertEquals(List.of(), prepareAndValidate(edited, old, Subresource.STATUS));
        assertEquals(old.path("status").path("conditions"), edited.path("status").path("conditions"));

        ObjectNode pending = TestCsrs.baseline();
        ObjectNode approving = withConditions(pending.deepCopy(), condition("Approved", "True"));
        assertEquals(List.of("status.conditions: Forbidden: updates may not add a condition of type \"Approved\""),
                prepareAndValidate(approving, pending, Subresource.STATUS).stream().map(Object::toString).toList());
    }

    @Test
    void statusUpdateSetsCertificateAndFailedConditionWithTimestamps() {
        ObjectNode old = withConditions(TestCsrs.baseline(), stamped(condition("Approved", "True")));
        ObjectNode updated = withConditions(old.deepCopy(), stamped(condition("Approved", "True")),
                condition("Failed", "True").put("reason", "SignerValidationFailure"));
        CsrJson.status(updated).put("certificate", TestCsrs.base64(TestCsrs.certificatePem("issued")));

        assertEquals(List.of(), prepareAndValidate(updated, old, Subresource.STATUS));
        ObjectNode failed = CsrJson.conditions(updated).get(1);
        assertEquals(NOW, failed.path("lastUpdateTime").asText());
        assertEquals(NOW, failed.path("lastTransitionTime").asText());
    }

    @Test
    void approvalKeepsOnlyConditionsAndDropsACertificate() {
        ObjectNode old = TestCsrs.baseline();
        ObjectNode updated = withConditions(old.deepCopy(), condition("Approved", "True").put("reason", "KubectlApprove"));
        CsrJson.status(updated).put("certificate", TestCsrs.base64(TestCsrs.certificatePem("sneaky")));

        assertEquals(List.of(), prepareAndValidate(updated, old, Subresource.APPROVAL));
        assertFalse(CsrJson.status(updated).has("certificate"));
        assertEquals("KubectlApprove", CsrJson.conditions(updated).get(0).path("reason").asText());
        assertEquals(NOW, CsrJson.conditions(updated).get(0).path("lastUpdateTime").asText());
    }

    @Test
    void approvalMayNotDenyAnApprovedRequestNorRemoveTheApproval() {
        ObjectNode old = withConditions(TestCsrs.baseline(), stamped(condition("Approved", "True")));

        ObjectNode denied = withConditions(old.deepCopy(), stamped(condition("Approved", "True")), condition("Denied", "True"));
        assertEquals(List.of("status.conditions[1].type: Invalid value: \"Denied\": Approved and Denied conditions are mutually exclusive"),
                prepareAndValidate(denied, old, Subresource.APPROVAL).stream().map(Object::toString).toList());

        ObjectNode removed = TestCsrs.baseline();
        assertEquals(List.of("status.conditions: Forbidden: updates may not remove a condition of type \"Approved\""),
                prepareAndValidate(removed, old, Subresource.APPROVAL).stream().map(Object::toString).toList());
    }

    @Test
    void lastTransitionTimeIsKeptWhenTheStatusOfATypeDidNotChange() {
        ObjectNode old = withConditions(TestCsrs.baseline(), stamped(condition("Custom", "True")));
        ObjectNode updated = withConditions(old.deepCopy(), condition("Custom", "True"));

        strategy.prepareForUpdate(updated, old, Subresource.STATUS);

        assertEquals("2020-01-01T00:00:00Z", CsrJson.conditions(updated).get(0).path("lastTransitionTime").asText());
        assertEquals(NOW, CsrJson.conditions(updated).get(0).path("lastUpdateTime").asText());
    }

    @Test
    void before119StatusUpdateCannotTouchConditions() {
        KubeVersion v118 = KubeVersion.of(1, 18);
        ObjectNode old = TestCsrs.baseline();
        ObjectNode updated = withConditions(old.deepCopy(), condition("Approved", null));

        new CertificateSigningRequestStrategy(v118, CLOCK).prepareForUpdate(updated, old, Subresource.STATUS);

        assertEquals(List.of(), CsrJson.conditions(updated));
    }

    @Test
    void conversionDropsFieldsTheEmulatedReleaseDoesNotKnow() {
        ObjectNode body = withConditions(TestCsrs.baseline(), condition("Approved", "True").put("lastTransitionTime", NOW));
        CsrJson.spec(body).put("expirationSeconds", 3600);

        ObjectNode at117 = new CertificateSigningRequestConversion(KubeVersion.of(1, 17)).fromBody(body, "v1beta1");
        ObjectNode at133 = new CertificateSigningRequestConversion(KubeVersion.NEWEST).fromBody(body, "v1");

        assertEquals("certificates.k8s.io/v1beta1", at117.path("apiVersion").asText());
        assertEquals("{\"type\":\"Approved\"}", CsrJson.conditions(at117).get(0).toString());
        assertFalse(CsrJson.spec(at117).has("signerName"));
        assertFalse(CsrJson.spec(at117).has("expirationSeconds"));
        assertEquals(3600, CsrJson.spec(at133).path("expirationSeconds").asInt());
        assertEquals("certificates.k8s.io/v1beta1", new CertificateSigningRequestConversion(KubeVersion.of(1, 20))
                .toVersion(at133, "v1beta1").path("apiVersion").asText());
    }

    private List<FieldError> prepareAndValidate(ObjectNode updated, ObjectNode old, Subresource path) {
        strategy.prepareForUpdate(updated, old, path);
        return validation.validateUpdate(updated, old, path, "v1");
    }

    private static ObjectNode stamped(ObjectNode condition) {
        return condition.put("lastUpdateTime", "2020-01-01T00:00:00Z").put("lastTransitionTime", "2020-01-01T00:00:00Z");
    }

}
