package io.bootsim.e2e.apiserver;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.RbacV1Subject;
import io.kubernetes.client.openapi.apis.CertificatesV1Api;
import io.kubernetes.client.openapi.apis.RbacAuthorizationV1Api;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequest;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestCondition;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestSpec;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestStatus;
import io.kubernetes.client.openapi.models.V1ClusterRoleBinding;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1RoleRef;
import io.kubernetes.client.util.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official Kubernetes Java client (io.kubernetes:client-java) lists, creates and approves
 * CSRs against `bootsim kube-apiserver`. Its generated models reject any JSON field the API does
 * not define, so every answer is checked for shape as well as content.
 */
class OfficialJavaClientTest {

    private static ApiClient client(Path kubeconfig) throws Exception {
        return Config.fromConfig(kubeconfig.toString());
    }

    @Test
    void listsCreatesAndApprovesCertificateSigningRequests(@TempDir Path dir) throws Exception {
        try (TokenApiServer server = TokenApiServer.start(dir)) {
            ApiClient adminClient = client(server.kubeconfig("admin", TokenApiServer.ADMIN_TOKEN));
            CertificatesV1Api admin = new CertificatesV1Api(adminClient);
            CertificatesV1Api bootstrap = new CertificatesV1Api(
                    client(server.kubeconfig("kubelet-bootstrap", TokenApiServer.BOOTSTRAP_TOKEN)));
            assertEquals(List.of(), admin.listCertificateSigningRequest().execute().getItems());

            ApiException forbidden = assertThrows(ApiException.class, () -> bootstrap.listCertificateSigningRequest().execute());
            assertEquals(403, forbidden.getCode());
            assertTrue(forbidden.getResponseBody().contains("\"reason\":\"Forbidden\""), forbidden.getResponseBody());

            new RbacAuthorizationV1Api(adminClient)
                    .createClusterRoleBinding(new V1ClusterRoleBinding()
                            .metadata(new V1ObjectMeta().name("kubelet-bootstrap"))
                            .roleRef(new V1RoleRef().apiGroup("rbac.authorization.k8s.io").kind("ClusterRole")
                                    .name("system:node-bootstrapper"))
                            .subjects(List.of(new RbacV1Subject().apiGroup("rbac.authorization.k8s.io").kind("Group")
                                    .name("system:node-bootstrapper")))).execute();

            V1CertificateSigningRequest created = bootstrap.createCertificateSigningRequest(new V1CertificateSigningRequest()
                    .metadata(new V1ObjectMeta().name("node-2"))
                    .spec(new V1CertificateSigningRequestSpec().request(TokenApiServer.kubeletCsrPem("node-2"))
                            .signerName("kubernetes.io/kube-apiserver-client-kubelet")
                            .usages(List.of("digital signature", "client auth")))).execute();
            assertEquals("kubelet-bootstrap", created.getSpec().getUsername());
            assertEquals(List.of("system:node-bootstrapper", "system:authenticated"), created.getSpec().getGroups());

            V1CertificateSigningRequest current = admin.readCertificateSigningRequest("node-2").execute();
            current.status(new V1CertificateSigningRequestStatus()
                    .addConditionsItem(new V1CertificateSigningRequestCondition().type("Approved").status("True")
                            .reason("JavaClientApprove").message("approved by the official Java client")));
            V1CertificateSigningRequest approved = admin.replaceCertificateSigningRequestApproval("node-2", current).execute();
            V1CertificateSigningRequestCondition condition = approved.getStatus().getConditions().get(0);
            assertEquals("Approved", condition.getType());
            assertEquals("JavaClientApprove", condition.getReason());
            assertTrue(condition.getLastUpdateTime() != null, "the strategy stamps lastUpdateTime");

            List<V1CertificateSigningRequest> listed = admin.listCertificateSigningRequest().execute().getItems();
            assertEquals(1, listed.size());
            assertEquals("Approved", listed.get(0).getStatus().getConditions().get(0).getType());
        }
    }
}
