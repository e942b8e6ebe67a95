package io.bootsim.diagnose;

import io.bootsim.core.pki.CertificateAndKey;
import io.bootsim.core.pki.KeyType;
import io.bootsim.core.pki.Keys;
import io.bootsim.core.pki.Pem;
import io.bootsim.core.random.RandomStreams;
import io.bootsim.core.pki.Subject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Copies of two machines' file systems as they are laid out in real clusters: a control plane
 * and a worker, either kubeadm style (1.33: static pods, kubelet.service.d/10-kubeadm.conf,
 * config.yaml, a bootstrap-token Secret) or systemd style of the 1.9 era (units with
 * EnvironmentFiles and continuation lines, token.csv, cfssl file names). A test changes the
 * flags or files of the correct configuration to make one catalog entry, then writes the roots.
 */
final class MachineRoots {

    static final String TOKEN = "abcdef.0123456789abcdef";
    static final String STATIC_TOKEN = "0f3a7c2e9b8d4f6a1c5e7b9d2f4a6c8e";

    private static final CertificateAndKey CA = TestPki.ca("kubernetes", Duration.ofDays(3650));
    private static final CertificateAndKey OTHER_CA = TestPki.ca("kubernetes", Duration.ofDays(3650));
    private static final CertificateAndKey APISERVER = TestPki.issue(CA, Subject.of("kube-apiserver"),
            new String[] {"control", "kubernetes", "localhost"}, new String[] {"10.0.0.10", "127.0.0.1"},
            "digital signature", "key encipherment", "server auth");
    // as kubeadm's controller-manager.conf: no O; with --use-service-account-credentials the controllers act as
    // their own service accounts, whose tokens the apiserver issues and verifies with sa.key/sa.pub
    private static final CertificateAndKey CONTROLLER_MANAGER = TestPki.client(CA, "system:kube-controller-manager");
    // the 1.9-era units run the controllers as --kubeconfig's identity, which these setups often put in system:masters
    private static final CertificateAndKey CONTROLLER_MANAGER_MASTERS = TestPki.client(CA, "system:kube-controller-manager",
            "system:masters");
    private static final KeyPair SERVICE_ACCOUNT_KEY = Keys.generate(KeyType.RSA_2048, RandomStreams.seeded(1).stream("sa"));
    private static final CertificateAndKey ADMIN = TestPki.client(CA, "kubernetes-admin", "system:masters");

    final boolean kubeadm;
    final List<String> apiserverFlags = new ArrayList<>();
    final List<String> controllerManagerFlags = new ArrayList<>();
    final Map<String, String> control = new LinkedHashMap<>();
    final Map<String, String> worker = new LinkedHashMap<>();
    final Map<String, String> manifests = new LinkedHashMap<>();
    boolean controllerManager = true;

    private MachineRoots(boolean kubeadm) {
        this.kubeadm = kubeadm;
    }

    /** A kubeadm 1.33 cluster that bootstraps: control plane "control", node "worker-0". */
    static MachineRoots kubeadm() {
        MachineRoots m = new MachineRoots(true);
        m.apiserverFlags.addAll(List.of("--advertise-address=10.0.0.10", "--allow-privileged=true",
                "--authorization-mode=Node,RBAC", "--client-ca-file=/etc/kubernetes/pki/ca.crt",
                "--enable-admission-plugins=NodeRestriction", "--enable-bootstrap-token-auth=true",
                "--etcd-servers=https://127.0.0.1:2379", "--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname",
                "--secure-port=6443", "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                "--service-account-key-file=/etc/kubernetes/pki/sa.pub",
                "--service-account-signing-key-file=/etc/kubernetes/pki/sa.key", "--service-cluster-ip-range=10.96.0.0/12",
                "--tls-cert-file=/etc/kubernetes/pki/apiserver.crt", "--tls-private-key-file=/etc/kubernetes/pki/apiserver.key"));
        m.controllerManagerFlags.addAll(List.of("--bind-address=127.0.0.1", "--client-ca-file=/etc/kubernetes/pki/ca.crt",
                "--cluster-name=kubernetes", "--cluster-signing-cert-file=/etc/kubernetes/pki/ca.crt",
                "--cluster-signing-key-file=/etc/kubernetes/pki/ca.key", "--controllers=*,bootstrapsigner,tokencleaner",
                "--kubeconfig=/etc/kubernetes/controller-manager.conf", "--leader-elect=true",
                "--root-ca-file=/etc/kubernetes/pki/ca.crt",
                "--service-account-private-key-file=/etc/kubernetes/pki/sa.key", "--use-service-account-credentials=true"));
        m.control.put("/etc/hostname", "control\n");
        m.control.put("/etc/kubernetes/pki/ca.crt", TestPki.cert(CA));
        m.control.put("/etc/kubernetes/pki/ca.key", TestPki.key(CA));
        m.control.put("/etc/kubernetes/pki/sa.key", Pem.encodePrivateKey(SERVICE_ACCOUNT_KEY.getPrivate()));
        m.control.put("/etc/kubernetes/pki/sa.pub", Pem.encode(Pem.PUBLIC_KEY, SERVICE_ACCOUNT_KEY.getPublic().getEncoded()));
        m.control.put("/etc/kubernetes/pki/apiserver.crt", TestPki.cert(APISERVER));
        m.control.put("/etc/kubernetes/pki/apiserver.key", TestPki.key(APISERVER));
        m.control.put("/etc/kubernetes/controller-manager.conf", kubeconfig(CA, "system:kube-controller-manager",
                "    client-certificate-data: " + b64(TestPki.cert(CONTROLLER_MANAGER)) + "\n    client-key-data: "
                        + b64(TestPki.key(CONTROLLER_MANAGER)) + "\n"));
        m.control.put("/etc/kubernetes/admin.conf", kubeconfig(CA, "kubernetes-admin",
                "    client-certificate-data: " + b64(TestPki.cert(ADMIN)) + "\n    client-key-data: " + b64(TestPki.key(ADMIN)) + "\n"));
        m.worker.put("/etc/hostname", "worker-0\n");
        m.worker.put("/etc/kubernetes/pki/ca.crt", TestPki.cert(CA));
        m.worker.put("/lib/systemd/system/kubelet.service", """
                [Unit]
                Description=kubelet: The Kubernetes Node Agent
                Documentation=https://kubernetes.io/docs/

                [Service]
                ExecStart=/usr/bin/kubelet
                Restart=always

                [Install]
                WantedBy=multi-user.target
                """);
        m.worker.put("/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf", """
                # Note: This dropin only works with kubeadm and kubelet v1.11+
                [Service]
                Environment="KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf"
                Environment="KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml"
                # This is a file that "kubeadm init" and "kubeadm join" generates at runtime
                EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env
                EnvironmentFile=-/etc/default/kubelet
                ExecStart=
                ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS
                """);
        m.worker.put("/var/lib/kubelet/kubeadm-flags.env", "KUBELET_KUBEADM_ARGS=\"--container-runtime-endpoint="
                + "unix:///var/run/containerd/containerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.10\"\n");
        m.worker.put("/var/lib/kubelet/config.yaml", """
                apiVersion: kubelet.config.k8s.io/v1beta1
                kind: KubeletConfiguration
                authentication:
                  anonymous:
                    enabled: false
                  webhook:
                    enabled: true
                  x509:
                    clientCAFile: /etc/kubernetes/pki/ca.crt
                authorization:
                  mode: Webhook
                cgroupDriver: systemd
                clusterDNS:
                - 10.96.0.10
                clusterDomain: cluster.local
                rotateCertificates: true
                staticPodPath: /etc/kubernetes/manifests
                """);
        m.worker.put("/etc/kubernetes/bootstrap-kubelet.conf", kubeconfig(CA, "tls-bootstrap-token-user",
                "    token: " + TOKEN + "\n"));
        m.manifests.put("rbac.yaml", """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata:
                  name: kubeadm:kubelet-bootstrap
                roleRef:
                  apiGroup: rbac.authorization.k8s.io
                  kind: ClusterRole
                  name: system:node-bootstrapper
                subjects:
                - apiGroup: rbac.authorization.k8s.io
                  kind: Group
                  name: system:bootstrappers:kubeadm:default-node-token
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata:
                  name: kubeadm:node-autoapprove-bootstrap
                roleRef:
                  apiGroup: rbac.authorization.k8s.io
                  kind: ClusterRole
                  name: system:certificates.k8s.io:certificatesigningrequests:nodeclient
                subjects:
                - apiGroup: rbac.authorization.k8s.io
                  kind: Group
                  name: system:bootstrappers:kubeadm:default-node-token
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata:
                  name: kubeadm:node-autoapprove-certificate-rotation
                roleRef:
                  apiGroup: rbac.authorization.k8s.io
                  kind: ClusterRole
                  name: system:certificates.k8s.io:certificatesigningrequests:selfnodeclient
                subjects:
                - apiGroup: rbac.authorization.k8s.io
                  kind: Group
                  name: system:nodes
                """);
        // as kubectl get secret -o yaml prints it (bootsim's apiserver does not merge stringData into data yet)
        m.manifests.put("bootstrap-token.yaml", """
                apiVersion: v1
                kind: Secret
                metadata:
                  name: bootstrap-token-abcdef
                  namespace: kube-system
                type: bootstrap.kubernetes.io/token
                data:
                  token-id: YWJjZGVm
                  token-secret: MDEyMzQ1Njc4OWFiY2RlZg==
                  expiration: MjAyNC0wMy0wMlQwMDowMDowMFo=
                  usage-bootstrap-authentication: dHJ1ZQ==
                  usage-bootstrap-signing: dHJ1ZQ==
                  auth-extra-groups: c3lzdGVtOmJvb3RzdHJhcHBlcnM6a3ViZWFkbTpkZWZhdWx0LW5vZGUtdG9rZW4=
                """);
        return m;
    }

    /** A hand-built 1.9 cluster (units, token.csv, cfssl names) that bootstraps: "control" and "worker-1". */
    static MachineRoots systemd19() {
        MachineRoots m = new MachineRoots(false);
        m.apiserverFlags.addAll(List.of("--admission-control=NamespaceLifecycle,ServiceAccount,NodeRestriction",
                "--advertise-address=10.0.0.10", "--authorization-mode=Node,RBAC", "--bind-address=0.0.0.0",
                "--client-ca-file=/etc/kubernetes/ssl/ca.pem", "--etcd-servers=https://10.0.0.10:2379",
                "--secure-port=6443", "--service-cluster-ip-range=10.32.0.0/24",
                "--tls-cert-file=/etc/kubernetes/ssl/kubernetes.pem", "--tls-private-key-file=/etc/kubernetes/ssl/kubernetes-key.pem",
                "--token-auth-file=/etc/kubernetes/token.csv", "--v=2"));
        m.controllerManagerFlags.addAll(List.of("--address=0.0.0.0", "--cluster-name=kubernetes",
                "--cluster-signing-cert-file=/etc/kubernetes/ssl/ca.pem", "--cluster-signing-key-file=/etc/kubernetes/ssl/ca-key.pem",
                "--kubeconfig=/etc/kubernetes/kube-controller-manager.kubeconfig", "--leader-elect=true", "--v=2"));
        m.control.put("/etc/kubernetes/ssl/ca.pem", TestPki.cert(CA));
        m.control.put("/etc/kubernetes/ssl/ca-key.pem", TestPki.key(CA));
        m.control.put("/etc/kubernetes/ssl/kubernetes.pem", TestPki.cert(APISERVER));
        m.control.put("/etc/kubernetes/ssl/kubernetes-key.pem", TestPki.key(APISERVER));
        m.control.put("/etc/kubernetes/token.csv", STATIC_TOKEN + ",kubelet-bootstrap,10001,\"system:bootstrappers\"\n"
                + "5b1d9e3f7a2c4e6b8d0f1a3c5e7b9d2f,admin,admin,\"system:masters\"\n");
        m.control.put("/etc/kubernetes/kube-controller-manager.kubeconfig", kubeconfig(CA, "system:kube-controller-manager",
                "    client-certificate-data: " + b64(TestPki.cert(CONTROLLER_MANAGER_MASTERS)) + "\n    client-key-data: "
                        + b64(TestPki.key(CONTROLLER_MANAGER_MASTERS)) + "\n"));
        m.worker.put("/etc/hostname", "worker-1\n");
        m.worker.put("/etc/kubernetes/ssl/ca.pem", TestPki.cert(CA));
        m.worker.put("/etc/systemd/system/kubelet.service", """
                [Unit]
                Description=Kubernetes Kubelet
                After=docker.service

                [Service]
                WorkingDirectory=/var/lib/kubelet
                EnvironmentFile=/etc/kubernetes/kubelet
                ExecStart=/usr/local/bin/kubelet \\
                  --bootstrap-kubeconfig=/etc/kubernetes/bootstrap.kubeconfig \\
                  --kubeconfig=/etc/kubernetes/kubelet.kubeconfig \\
                  --cert-dir=/etc/kubernetes/ssl \\
                  $KUBELET_ARGS
                Restart=on-failure

                [Install]
                WantedBy=multi-user.target
                """);
        m.worker.put("/etc/kubernetes/kubelet", "# flags of the kubelet\nKUBELET_ARGS=\"--cluster-dns=10.32.0.10 "
                + "--cluster-domain=cluster.local --fail-swap-on=false --rotate-certificates=true --v=2\"\n");
        m.worker.put("/etc/kubernetes/bootstrap.kubeconfig", kubeconfig(CA, "kubelet-bootstrap", "    token: " + STATIC_TOKEN + "\n"));
        m.manifests.put("rbac.yaml", """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata:
                  name: kubelet-bootstrap
                roleRef:
                  apiGroup: rbac.authorization.k8s.io
                  kind: ClusterRole
                  name: system:node-bootstrapper
                subjects:
                - apiGroup: rbac.authorization.k8s.io
                  kind: Group
                  name: system:bootstrappers
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata:
                  name: node-client-auto-approve-csr
                roleRef:
                  apiGroup: rbac.authorization.k8s.io
                  kind: ClusterRole
                  name: system:certificates.k8s.io:certificatesigningrequests:nodeclient
                subjects:
                - apiGroup: rbac.authorization.k8s.io
                  kind: Group
                  name: system:bootstrappers
                """);
        return m;
    }

    /** A CA other than the cluster's, for E4 and F3. */
    static String otherCa() {
        return TestPki.cert(OTHER_CA);
    }

    /** Writes control/, worker/ and manifests/ under {@code base}; secret files get mode 0600 unless a test says otherwise. */
    DiagnoseInput write(Path base) throws IOException {
        Map<String, String> controlFiles = new LinkedHashMap<>(control);
        if (kubeadm) {
            controlFiles.put("/etc/kubernetes/manifests/kube-apiserver.yaml", staticPod("kube-apiserver", apiserverFlags));
            if (controllerManager) {
                controlFiles.put("/etc/kubernetes/manifests/kube-controller-manager.yaml",
                        staticPod("kube-controller-manager", controllerManagerFlags));
            }
        } else {
            controlFiles.put("/etc/systemd/system/kube-apiserver.service", """
                    [Unit]
                    Description=Kubernetes API Server

                    [Service]
                    EnvironmentFile=-/etc/kubernetes/apiserver
                    ExecStart=/usr/local/bin/kube-apiserver $KUBE_API_ARGS
                    Restart=on-failure
                    """);
            controlFiles.put("/etc/kubernetes/apiserver", "KUBE_API_ARGS=\"" + String.join(" ", apiserverFlags) + "\"\n");
            if (controllerManager) {
                controlFiles.put("/etc/systemd/system/kube-controller-manager.service", "[Service]\n"
                        + "ExecStart=/usr/local/bin/kube-controller-manager \\\n  " + String.join(" \\\n  ", controllerManagerFlags)
                        + "\nRestart=on-failure\n");
            }
        }
        Path controlDir = base.resolve("control");
        Path workerDir = base.resolve("worker");
        Path manifestDir = base.resolve("manifests");
        write(controlDir, controlFiles);
        write(workerDir, worker);
        Files.createDirectories(manifestDir);
        for (Map.Entry<String, String> e : manifests.entrySet()) {
            Files.writeString(manifestDir.resolve(e.getKey()), e.getValue());
        }
        return new DiagnoseInput(List.of(new HostRoot("control", controlDir), new HostRoot("worker", workerDir)),
                Optional.empty(), Optional.empty(), Map.of(), Optional.of(manifestDir), Optional.empty());
    }

    private static void write(Path root, Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> e : files.entrySet()) {
            Path p = root.resolve(e.getKey().substring(1));
            Files.createDirectories(p.getParent());
            Files.writeString(p, e.getValue());
            boolean secret = e.getKey().matches(".*(key|key\\.pem|token\\.csv|\\.conf|kubeconfig)$") && !e.getKey().endsWith("10-kubeadm.conf");
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--"));
        }
    }

    private String staticPod(String component, List<String> flags) {
        StringBuilder sb = new StringBuilder("""
                apiVersion: v1
                kind: Pod
                metadata:
                  labels:
                    component: %s
                    tier: control-plane
                  name: %s
                  namespace: kube-system
                spec:
                  containers:
                  - command:
                    - %s
                """.formatted(component, component, component));
        flags.forEach(f -> sb.append("    - ").append(f).append('\n'));
        sb.append("    image: registry.k8s.io/").append(component).append(":v1.33.1\n    name: ").append(component)
                .append("\n  hostNetwork: true\n");
        return sb.toString();
    }

    static String kubeconfig(CertificateAndKey ca, String user, String credentials) {
        return "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    certificate-authority-data: "
                + b64(TestPki.cert(ca)) + "\n    server: https://10.0.0.10:6443\n  name: kubernetes\n"
                + "contexts:\n- context:\n    cluster: kubernetes\n    user: " + user + "\n  name: default\n"
                + "current-context: default\nusers:\n- name: " + user + "\n  user:\n" + credentials;
    }

    static CertificateAndKey ca() {
        return CA;
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
