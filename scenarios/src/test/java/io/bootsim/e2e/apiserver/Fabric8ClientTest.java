package io.bootsim.e2e.apiserver;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestBuilder;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestCondition;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fabric8 Kubernetes client lists, creates and approves CSRs against `bootsim kube-apiserver`. */
class Fabric8ClientTest {

    private static KubernetesClient client(Path kubeconfig) throws Exception {
        return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build();
    }

    @Test
    void listsCreatesAndApprovesCertificateSigningRequests(@TempDir Path dir) throws Exception {
        try (TokenApiServer server = TokenApiServer.start(dir);
             KubernetesClient admin = client(server.kubeconfig("admin", TokenApiServer.ADMIN_TOKEN));
             KubernetesClient bootstrap = client(server.kubeconfig("kubelet-bootstrap", TokenApiServer.BOOTSTRAP_TOKEN))) {
            var csrs = admin.certificates().v1().certificateSigningRequests();
            assertEquals(List.of(), csrs.list().getItems());

            // the bootstrap user has no binding yet: RBAC's 403, as a typed exception
            KubernetesClientException forbidden = assertThrows(KubernetesClientException.class,
                    () -> bootstrap.certificates().v1().certificateSigningRequests().list());
            assertEquals(403, forbidden.getCode());
            assertEquals("Forbidden", forbidden.getStatus().getReason());

            admin.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder()
                    .withNewMetadata().withName("kubelet-bootstrap").endMetadata()
                    .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole")
                    .withName("system:node-bootstrapper").endRoleRef()
                    .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("Group")
                    .withName("system:node-bootstrapper").endSubject().build()).create();

            CertificateSigningRequest created = bootstrap.certificates().v1().certificateSigningRequests().resource(
                    new CertificateSigningRequestBuilder().withNewMetadata().withName("node-1").endMetadata()
                            .withNewSpec().withRequest(Base64.getEncoder().encodeToString(
                                    TokenApiServer.kubeletCsrPem("node-1")))
                            .withSignerName("kubernetes.io/kube-apiserver-client-kubelet")
                            .withUsages("digital signature", "client auth").endSpec().build()).create();
            assertEquals("kubelet-bootstrap", created.getSpec().getUsername());
            assertEquals(List.of("system:node-bootstrapper", "system:authenticated"), created.getSpec().getGroups());
            assertTrue(created.getMetadata().getUid() != null && created.getMetadata().getCreationTimestamp() != null);

            CertificateSigningRequest approved = csrs.withName("node-1").approve();
            CertificateSigningRequestCondition condition = approved.getStatus().getConditions().get(0);
            assertEquals("Approved", condition.getType());
            assertEquals("True", condition.getStatus());

            CertificateSigningRequest listed = csrs.list().getItems().get(0);
            assertEquals("node-1", listed.getMetadata().getName());
            assertEquals("Approved", listed.getStatus().getConditions().get(0).getType());
        }
    }
}
