package io.bootsim.apiserver.registry.certificates;

import io.bootsim.core.certificates.KubeletCsrShape;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.authentication.UserInfo;
import io.bootsim.core.pki.CertificateRequest;
import io.bootsim.core.version.KubeVersion;

/**
 * NodeRestriction's rule for CSRs (1.31+): a node creating a kubelet-serving or
 * kube-apiserver-client-kubelet CSR must ask for CN {@code system:node:<its own name>}. The
 * deprecated gate AllowInsecureKubeletCertificateSigningRequests turns the rule off. A node user
 * with an empty node name is refused first, as the plugin refuses all its requests.
 */
// upstream: plugin/pkg/admission/noderestriction/admission.go admitCSR
public final class NodeRestrictionCsrRule {

    public static final String NAME = "NodeRestriction";
    private static final String NODES_GROUP = "system:nodes";

    private final KubeVersion version;
    private final boolean allowInsecureKubeletCertificateSigningRequests;

    public NodeRestrictionCsrRule(KubeVersion version, boolean allowInsecureKubeletCertificateSigningRequests) {
        this.version = version;
        this.allowInsecureKubeletCertificateSigningRequests = allowInsecureKubeletCertificateSigningRequests;
    }

    public AdmissionDecision admitCreate(ObjectNode csr, UserInfo user) {
        // node identity as pkg/auth/nodeidentifier/default.go decides it
        boolean isNode = user.name().startsWith(KubeletCsrShape.NODE_PREFIX) && user.inGroup(NODES_GROUP);
        if (!isNode) {
            return new AdmissionDecision.Admit(NAME);
        }
        String nodeName = user.name().substring(KubeletCsrShape.NODE_PREFIX.length());
        if (nodeName.isEmpty()) {
            return AdmissionDecision.forbid(NAME, CsrJson.name(csr),
                    "could not determine node from user \"" + user.name() + "\"");
        }
        String signerName = CsrJson.signerName(csr);
        if (!version.atLeast(1, 31) || allowInsecureKubeletCertificateSigningRequests
                || !(signerName.equals(Certificates.KUBELET_SERVING_SIGNER)
                || signerName.equals(Certificates.KUBE_APISERVER_CLIENT_KUBELET_SIGNER))) {
            return new AdmissionDecision.Admit(NAME);
        }
        CertificateRequest request;
        try {
            request = CsrPem.parse(CsrJson.request(csr));
        } catch (CsrPem.ParseException e) {
            return AdmissionDecision.forbid(NAME, CsrJson.name(csr), "unable to parse csr: " + e.getMessage());
        }
        if (!request.subject().commonName().equals(KubeletCsrShape.NODE_PREFIX + nodeName)) {
            return AdmissionDecision.forbid(NAME, CsrJson.name(csr),
                    "can only create a node CSR with CN=" + KubeletCsrShape.NODE_PREFIX + nodeName);
        }
        return new AdmissionDecision.Admit(NAME);
    }
}
