package io.bootsim.apiserver.registry.certificates;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.authentication.UserInfo;
import io.bootsim.apiserver.authorization.Attributes;
import io.bootsim.apiserver.authorization.Authorizer;
import io.bootsim.apiserver.authorization.Decision;
import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** admission_approval_test.go / admission_sign_test.go, the subject restriction and NodeRestriction's CSR rule. */
class CertificateAdmissionTest {

    private static final UserInfo TEST_USER = UserInfo.of("test-user", "system:authenticated");

    /** Allows {@code verb} on certificates.k8s.io signers with exactly the granted names; records what it was asked. */
    private static final class SignerGrant implements Authorizer {
        final String verb;
        final Set<String> names;
        final List<Attributes> asked = new ArrayList<>();

        SignerGrant(String verb, String... names) {
            this.verb = verb;
            this.names = Set.of(names);
        }

        @Override
        public Decision authorize(Attributes a) {
            asked.add(a);
            boolean ok = a.verb().equals(verb) && a.apiGroup().equals("certificates.k8s.io")
                    && a.apiVersion().equals("*") && a.resource().equals("signers") && names.contains(a.name());
            return ok ? Decision.allow("granted") : Decision.noOpinion("");
        }

        @Override
        public String name() {
            return "test";
        }
    }

    private static ObjectNode csr(String signerName) {
        ObjectNode csr = TestCsrs.baseline();
        ((ObjectNode) csr.path("metadata")).put("name", "csr");
        CsrJson.spec(csr).put("signerName", signerName);
        return csr;
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com/something", "example.com/*"})
    void approveIsAllowedForTheSignerOrItsDomainWildcard(String granted) {
        var decision = new CertificateApproval(new SignerGrant("approve", granted))
                .validateUpdate(Subresource.APPROVAL, csr("example.com/something"), TEST_USER);
        assertTrue(decision.admitted());
    }

    @Test
    void approveWithoutTheSignerPermissionIsForbiddenWithUpstreamsMessage() {
        SignerGrant authz = new SignerGrant("approve", "example.com/other");
        var decision = new CertificateApproval(authz)
                .validateUpdate(Subresource.APPROVAL, csr("example.com/something"), TEST_USER);

        var forbid = (AdmissionDecision.Forbid) decision;
        assertEquals("certificatesigningrequests.certificates.k8s.io \"csr\" is forbidden: "
                + "user not permitted to approve requests with signerName \"example.com/something\"", forbid.status().message());
        assertEquals(403, forbid.status().code());
        assertEquals("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":"
                + "\"certificatesigningrequests.certificates.k8s.io \\\"csr\\\" is forbidden: user not permitted to approve "
                + "requests with signerName \\\"example.com/something\\\"\",\"reason\":\"Forbidden\",\"details\":{\"name\":\"csr\","
                + "\"group\":\"certificates.k8s.io\",\"kind\":\"certificatesigningrequests\"},\"code\":403}\n", forbid.status().toJson());
        assertEquals(List.of("example.com/something", "example.com/*"), authz.asked.stream().map(Attributes::name).toList());
    }

    @Test
    void approvalIsCheckedAgainstTheStoredSignerName() {
        var decision = new CertificateApproval(new SignerGrant("approve", "example.com/something"))
                .validateUpdate(Subresource.APPROVAL, csr("kubernetes.io/kube-apiserver-client"), TEST_USER);
        assertTrue(((AdmissionDecision.Forbid) decision).status().message()
                .endsWith("signerName \"kubernetes.io/kube-apiserver-client\""));
    }

    @Test
    void approvalPluginIgnoresOtherSubresources() {
        assertTrue(new CertificateApproval(new SignerGrant("approve"))
                .validateUpdate(Subresource.STATUS, csr("example.com/something"), TEST_USER).admitted());
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com/something", "example.com/*"})
    void settingTheCertificateNeedsSignOnTheSigner(String granted) {
        ObjectNode old = csr("example.com/something");
        ObjectNode signed = old.deepCopy();
        CsrJson.status(signed).put("certificate", TestCsrs.base64(TestCsrs.certificatePem("x")));

        assertTrue(new CertificateSigning(new SignerGrant("sign", granted))
                .validateUpdate(Subresource.STATUS, signed, old, TEST_USER).admitted());
        assertEquals("certificatesigningrequests.certificates.k8s.io \"csr\" is forbidden: user not permitted to sign "
                        + "requests with signerName \"example.com/something\"",
                ((AdmissionDecision.Forbid) new CertificateSigning(new SignerGrant("approve", granted))
                        .validateUpdate(Subresource.STATUS, signed, old, TEST_USER)).status().message());
    }

    @Test
    void addingAFailedConditionNeedsNoSign() {
        ObjectNode old = csr("example.com/something");
        ObjectNode failed = TestCsrs.withConditions(old.deepCopy(), TestCsrs.condition("Failed", "True"));
        assertTrue(new CertificateSigning(new SignerGrant("sign"))
                .validateUpdate(Subresource.STATUS, failed, old, TEST_USER).admitted());
    }

    @Test
    void kubeApiserverClientSignerMayNotIssueSystemMasters() {
        ObjectNode masters = csr(Certificates.KUBE_APISERVER_CLIENT_SIGNER);
        CsrJson.spec(masters).put("request", TestCsrs.base64(TestCsrs.pem("admin", List.of("system:masters"),
                List.of(), List.of(), List.of(), List.of())));

        assertEquals("certificatesigningrequests.certificates.k8s.io \"csr\" is forbidden: use of "
                        + "kubernetes.io/kube-apiserver-client signer with system:masters group is not allowed",
                ((AdmissionDecision.Forbid) CertificateSubjectRestriction.validateCreate(masters)).status().message());

        CsrJson.spec(masters).put("signerName", Certificates.LEGACY_UNKNOWN_SIGNER);
        assertTrue(CertificateSubjectRestriction.validateCreate(masters).admitted());
    }

    @Test
    void from131ANodeMayOnlyRequestItsOwnCommonName() {
        UserInfo node = UserInfo.of("system:node:n1", "system:nodes", "system:authenticated");
        ObjectNode other = csr(Certificates.KUBE_APISERVER_CLIENT_KUBELET_SIGNER);
        CsrJson.spec(other).put("request", TestCsrs.base64(TestCsrs.pem("system:node:n2", List.of("system:nodes"),
                List.of(), List.of(), List.of(), List.of())));
        ObjectNode own = other.deepCopy();
        CsrJson.spec(own).put("request", TestCsrs.base64(TestCsrs.pem("system:node:n1", List.of("system:nodes"),
                List.of(), List.of(), List.of(), List.of())));

        assertEquals("certificatesigningrequests.certificates.k8s.io \"csr\" is forbidden: "
                        + "can only create a node CSR with CN=system:node:n1",
                ((AdmissionDecision.Forbid) new NodeRestrictionCsrRule(KubeVersion.of(1, 31), false)
                        .admitCreate(other, node)).status().message());
        assertTrue(new NodeRestrictionCsrRule(KubeVersion.of(1, 31), false).admitCreate(own, node).admitted());
        assertTrue(new NodeRestrictionCsrRule(KubeVersion.of(1, 30), false).admitCreate(other, node).admitted());
        assertTrue(new NodeRestrictionCsrRule(KubeVersion.of(1, 33), true).admitCreate(other, node).admitted());
        assertTrue(new NodeRestrictionCsrRule(KubeVersion.of(1, 33), false)
                .admitCreate(other, UserInfo.of("system:bootstrap:abcdef", "system:bootstrappers")).admitted());
    }

    @Test
    void nodeRestrictionRefusesAnUnparsableKubeletCsrFromANode() {
        ObjectNode bad = csr(Certificates.KUBELET_SERVING_SIGNER);
        CsrJson.spec(bad).put("request", TestCsrs.base64("garbage"));
        var decision = new NodeRestrictionCsrRule(KubeVersion.NEWEST, false)
                .admitCreate(bad, UserInfo.of("system:node:n1", "system:nodes"));
        assertEquals("certificatesigningrequests.certificates.k8s.io \"csr\" is forbidden: "
                + "unable to parse csr: PEM block type must be CERTIFICATE REQUEST",
                ((AdmissionDecision.Forbid) decision).status().message());
    }
}
