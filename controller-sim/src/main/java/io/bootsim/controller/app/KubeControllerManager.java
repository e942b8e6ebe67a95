package io.bootsim.controller.app;

import io.bootsim.controller.bootstrap.BootstrapSigner;
import io.bootsim.controller.bootstrap.TokenCleaner;
import io.bootsim.controller.certificates.CertificateController;
import io.bootsim.controller.certificates.Csr;
import io.bootsim.controller.certificates.approver.Recognizer;
import io.bootsim.controller.certificates.approver.SarApprover;
import io.bootsim.controller.certificates.cleaner.CsrCleaner;
import io.bootsim.controller.certificates.signer.CertificateAuthority;
import io.bootsim.controller.certificates.signer.CsrSigner;
import io.bootsim.controller.clientbuilder.ControllerClientBuilder;
import io.bootsim.controller.clientbuilder.ServiceAccountCredentials;
import io.bootsim.controller.serviceaccount.TokensController;
import io.bootsim.controller.nodelifecycle.NodeLifecycleController;
import io.bootsim.core.client.ApiTransport;
import io.bootsim.core.client.Informer;
import io.bootsim.core.client.ListWatch;
import io.bootsim.core.pki.Pem;
import io.bootsim.core.pki.PemException;
import io.bootsim.core.runtime.ComponentContext;
import io.bootsim.core.runtime.FileSystemRoot;
import io.bootsim.core.serviceaccount.TokenSigner;
import io.bootsim.core.version.KubeVersion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simulated kube-controller-manager, embeddable: construct it from options, a context and
 * the API connection (a RestClient through {@link ApiTransport#of}), then {@link #start()} and
 * {@link #stop()}. It starts the enabled controllers in upstream's order over shared informers,
 * then the informers. A controller that cannot start (a signing CA that does not load) makes
 * {@link #start()} throw {@link StartupFailure} with the exit code of the emulated release, after
 * the log lines the real binary writes.
 */
// upstream: cmd/kube-controller-manager/app/controllermanager.go (StartControllers), certificates.go, bootstrap.go
public final class KubeControllerManager {

    /** Why the controller manager exits at start-up, and with which code. */
    public static final class StartupFailure extends Exception {
        private static final long serialVersionUID = 1L;
        private final int exitCode;

        StartupFailure(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    private final KubeControllerManagerOptions options;
    private final ComponentContext context;
    private final ApiTransport api;
    private final KubeVersion version;
    private final FileSystemRoot root;
    private final Optional<KubeconfigCredentials> credentials;
    private final Map<String, Informer> informers = new LinkedHashMap<>();
    private final List<Runnable> stops = new ArrayList<>();
    private final List<CertificateController> certificateControllers = new ArrayList<>();
    private ControllerClientBuilder clients;

    /** The client name of csrapproving, csrsigning and csrcleaner (cmd/kube-controller-manager/app/certificates.go). */
    private static final String CERTIFICATE_CONTROLLER = "certificate-controller";

    public KubeControllerManager(KubeControllerManagerOptions options, ComponentContext context, ApiTransport api) {
        this(options, context, api, FileSystemRoot.HOST);
    }

    /** @param root where the files its flags name are read (a scenario gives each host its own root) */
    public KubeControllerManager(KubeControllerManagerOptions options, ComponentContext context, ApiTransport api,
                                 FileSystemRoot root) {
        this(options, context, api, root, Optional.empty());
    }

    /**
     * @param credentials what --use-service-account-credentials and the token controller need of the
     *                    kubeconfig; an embedding without them runs every controller as the kubeconfig identity
     */
    public KubeControllerManager(KubeControllerManagerOptions options, ComponentContext context, ApiTransport api,
                                 FileSystemRoot root, Optional<KubeconfigCredentials> credentials) {
        this.credentials = credentials;
        this.root = root;
        this.options = options;
        this.context = context;
        this.api = api;
        this.version = options.version();
    }

    public void start() throws StartupFailure {
        startServiceAccountTokenController();
        clients = clientBuilder();
        for (String name : ControllerNames.START_ORDER) {
            String shown = ControllerNames.displayName(name, version);
            if (!ControllerNames.isEnabled(name, options.controllers())) {
                log(modern() ? "\"Warning: controller is disabled\" controller=\"" + shown + "\"" : "\"" + shown + "\" is disabled",
                        true);
                continue;
            }
            context.log().infoV(1, "controllermanager.go", modern() ? "\"Starting controller\" controller=\"" + shown + "\""
                    : "Starting \"" + shown + "\"");
            boolean started;
            try {
                started = startController(name);
            } catch (StartupFailure e) {
                throw failed(shown, e);
            }
            if (!started) {
                log(modern() ? "\"Warning: skipping controller\" controller=\"" + shown + "\"" : "Skipping \"" + shown + "\"", true);
                continue;
            }
            context.log().info("controllermanager.go", modern() ? "\"Started controller\" controller=\"" + shown + "\""
                    : "Started \"" + shown + "\"");
        }
        informers.values().forEach(Informer::start);
    }

    private StartupFailure failed(String shown, StartupFailure e) {
        if (modern()) {
            context.log().error("controllermanager.go", "\"Error starting controller\" err=\"" + e.getMessage()
                    + "\" controller=\"" + shown + "\"");
            context.log().error("controllermanager.go", "\"Error starting controllers\" err=\"" + e.getMessage() + "\"");
        } else {
            context.log().error("controllermanager.go", "Error starting \"" + shown + "\"");
            context.log().error("controllermanager.go", "error starting controllers: " + e.getMessage());
        }
        stop();
        return e;
    }

    /**
     * serviceaccount-token, before every other controller and as the --kubeconfig identity: it
     * mints the Secret-based tokens the legacy client builder waits for. Without
     * --service-account-private-key-file it is skipped.
     */
    // upstream: cmd/kube-controller-manager/app/controllermanager.go startServiceAccountTokenController
    private void startServiceAccountTokenController() throws StartupFailure {
        String shown = ControllerNames.displayName(ControllerNames.SA_TOKEN, version);
        if (!ControllerNames.isEnabled(ControllerNames.SA_TOKEN, options.controllers())) {
            log(modern() ? "\"Warning: controller is disabled\" controller=\"" + shown + "\"" : "\"" + shown + "\" is disabled",
                    true);
            return;
        }
        if (options.serviceAccountPrivateKeyFile().isEmpty()) {
            log(modern() ? "\"Controller is disabled because there is no private key\" controller=\"" + shown + "\""
                    : "\"" + shown + "\" is disabled because there is no private key", true);
            return;
        }
        int exit = modern() ? 1 : 255;
        PrivateKey key;
        try {
            Path file = root.resolve(options.serviceAccountPrivateKeyFile());
            key = Pem.privateKey(readFile(file), file.toString());
        } catch (PemException | IOException e) {
            throw failed(shown, new StartupFailure("error reading key for service account token controller: "
                    + e.getMessage(), exit));
        }
        byte[] rootCa = credentials.map(KubeconfigCredentials::caData).orElse(new byte[0]);
        if (!options.rootCaFile().isEmpty()) {
            try {
                Path file = root.resolve(options.rootCaFile());
                rootCa = readFile(file);
                Pem.certificates(rootCa, file.toString());
            } catch (PemException | IOException e) {
                throw failed(shown, new StartupFailure("error parsing root-ca-file at " + options.rootCaFile() + ": "
                        + e.getMessage(), exit));
            }
        }
        if (modern()) {
            context.log().info("controllermanager.go", "\"Started controller\" controller=\"" + shown + "\"");
        }
        if (version.atLeast(1, 24)) {
            return; // LegacyServiceAccountTokenNoAutoGeneration (beta, on): no Secret-based tokens are minted
        }
        TokensController tokens = new TokensController(api, informer(TokensController.SERVICE_ACCOUNTS, "*v1.ServiceAccount"),
                informer(TokensController.SECRETS, "*v1.Secret"), new TokenSigner(key, version), rootCa, context);
        tokens.start();
        stops.add(tokens::stop);
    }

    /** Each controller's connection: its own service account with --use-service-account-credentials. */
    // upstream: cmd/kube-controller-manager/app/controllermanager.go createClientBuilders
    private ControllerClientBuilder clientBuilder() {
        if (!options.useServiceAccountCredentials()) {
            return ControllerClientBuilder.simple(api);
        }
        if (credentials.isEmpty()) {
            context.log().warning("controllermanager.go", "bootsim: this embedding gives no token connections; "
                    + "--use-service-account-credentials is ignored and every controller uses the --kubeconfig identity");
            return ControllerClientBuilder.simple(api);
        }
        if (options.serviceAccountPrivateKeyFile().isEmpty()) {
            // another controller manager may mint the tokens; if none does, the client builder fails later
            log(modern() ? "\"Warning: --use-service-account-credentials was specified without providing a "
                    + "--service-account-private-key-file\"" : "--use-service-account-credentials was specified without "
                    + "providing a --service-account-private-key-file", true);
        }
        KubeconfigCredentials c = credentials.get();
        return new ServiceAccountCredentials(api, c.tokenClients(), version, context, message -> {
            context.log().fatal("client_builder.go", message);
            context.tracer().emit("component.exit", "component", "kube-controller-manager", "code", 255, "error", message);
            c.exit().accept(255);
        });
    }

    private static byte[] readFile(Path file) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException("open " + file + ": no such file or directory", e);
        }
    }

    public void stop() {
        stops.forEach(Runnable::run);
        stops.clear();
        informers.values().forEach(Informer::stop);
    }

    /** The certificate controllers started (approver and signers), for runners that report worker counts. */
    public List<CertificateController> certificateControllers() {
        return List.copyOf(certificateControllers);
    }

    // structured lines, the message quoted as klog prints it ("Started controller" controller="..."), and exit
    // code 1 instead of klog.Fatalf's 255: contextual logging in kube-controller-manager (approximately 1.27)
    private boolean modern() {
        return version.atLeast(1, 27);
    }

    private void log(String message, boolean warning) {
        if (warning && !modern()) {
            context.log().warning("controllermanager.go", message);
        } else {
            context.log().info("controllermanager.go", message);
        }
    }

    private boolean startController(String name) throws StartupFailure {
        switch (name) {
            case ControllerNames.CSR_SIGNING:
                return startSigning();
            case ControllerNames.CSR_APPROVING: {
                SarApprover approver = new SarApprover(clients.client(CERTIFICATE_CONTROLLER), Recognizer.of(version, options.rotateKubeletServerCertificate()),
                        version, context);
                startCertificateController("csrapproving", approver, version.atLeast(1, 19) ? 5 : 1);
                return true;
            }
            case ControllerNames.CSR_CLEANER: {
                CsrCleaner cleaner = new CsrCleaner(clients.client(CERTIFICATE_CONTROLLER), csrs(), version, context);
                cleaner.start();
                stops.add(cleaner::stop);
                return true;
            }
            case ControllerNames.BOOTSTRAP_SIGNER: {
                BootstrapSigner signer = new BootstrapSigner(clients.client("bootstrap-signer"), informer(BootstrapSigner.CONFIG_MAPS, "*v1.ConfigMap"),
                        informer(BootstrapSigner.SECRETS, "*v1.Secret"), context);
                signer.start();
                stops.add(signer::stop);
                return true;
            }
            case ControllerNames.TOKEN_CLEANER: {
                TokenCleaner cleaner = new TokenCleaner(clients.client("token-cleaner"), informer(BootstrapSigner.SECRETS, "*v1.Secret"), context);
                cleaner.start();
                stops.add(cleaner::stop);
                return true;
            }
            case ControllerNames.NODE_LIFECYCLE: {
                // kubelets renew a Lease from 1.14 (NodeLease beta); before, only status heartbeats count
                Informer leases = version.atLeast(1, 14) ? informer(NodeLifecycleController.LEASES, "*v1.Lease") : null;
                NodeLifecycleController c = new NodeLifecycleController(clients.client("node-controller"), informer(NodeLifecycleController.NODES, "*v1.Node"),
                        leases, options.nodeMonitorPeriod(), options.nodeMonitorGracePeriod(), context);
                c.start();
                stops.add(c::stop);
                return true;
            }
            default:
                throw new IllegalArgumentException("not a simulated controller: " + name);
        }
    }

    /** csrsigning: one controller per signer from 1.18, one legacy signer before; skipped without files. */
    // upstream: cmd/kube-controller-manager/app/certificates.go startCertificateSigningRequestSigningController
    private boolean startSigning() throws StartupFailure {
        KubeControllerManagerOptions.SigningFiles files = options.signing();
        int exit = modern() ? 1 : 255;
        if (!version.atLeast(1, 19)) {
            if (files.certFile().isEmpty() || files.keyFile().isEmpty()) {
                return false;
            }
            // the deprecated default paths, both absent: the signer is silently not started
            if (files.certFile().equals("/etc/kubernetes/ca/ca.pem") && files.keyFile().equals("/etc/kubernetes/ca/ca.key")
                    && !Files.exists(root.resolve(files.certFile())) && !Files.exists(root.resolve(files.keyFile()))) {
                return false;
            }
            CertificateAuthority ca = loadLegacy(files.certFile(), files.keyFile(), root, exit);
            if (version.atLeast(1, 18)) {
                for (String signer : List.of(Csr.KUBELET_SERVING, Csr.KUBE_APISERVER_CLIENT_KUBELET, Csr.KUBE_APISERVER_CLIENT,
                        Csr.LEGACY_UNKNOWN)) {
                    startCertificateController("csrsigning-" + signer.substring("kubernetes.io/".length()),
                            new CsrSigner(clients.client(CERTIFICATE_CONTROLLER), signer, ca, options.signingDuration(), version, context), 1);
                }
            } else {
                startCertificateController("csrsigning", new CsrSigner(clients.client(CERTIFICATE_CONTROLLER), "", ca, options.signingDuration(), version, context), 1);
            }
            return true;
        }
        boolean missingSingle = files.certFile().isEmpty() || files.keyFile().isEmpty();
        if (missingSingle && !files.anySpecificFilesSet()) {
            if (modern()) {
                context.log().info("certificates.go", "\"Skipping CSR signer controller because no csr cert/key was specified\"");
            } else {
                context.log().infoV(2, "certificates.go", "skipping CSR signer controller because no csr cert/key was specified");
            }
            context.tracer().emit("controller.csrsigning", "decision", "skipped",
                    "reason", "no --cluster-signing-cert-file/--cluster-signing-key-file: approved CSRs will never be issued");
            return false;
        }
        if (!missingSingle && files.anySpecificFilesSet()) {
            throw new StartupFailure("cannot specify default and per controller certs at the same time", exit);
        }
        for (String signer : List.of(Csr.KUBELET_SERVING, Csr.KUBE_APISERVER_CLIENT_KUBELET, Csr.KUBE_APISERVER_CLIENT,
                Csr.LEGACY_UNKNOWN)) {
            String[] pair = files.filesFor(signer);
            if (pair[0].isEmpty() && pair[1].isEmpty()) {
                context.log().info("certificates.go", "\"Skipping CSR signer controller because specific files were specified "
                        + "for other signers and not this one\" controller=\"" + signer + "\"");
                context.tracer().emit("controller.csrsigning", "signer", signer, "decision", "skipped",
                        "reason", "per-signer files set for other signers only");
                continue;
            }
            CertificateAuthority ca;
            try {
                ca = CertificateAuthority.load(pair[0], pair[1], root);
            } catch (CertificateAuthority.LoadException e) {
                throw new StartupFailure("failed to start " + signer + " certificate controller: " + e.getMessage(), exit);
            }
            startCertificateController("csrsigning-" + signer.substring("kubernetes.io/".length()),
                    new CsrSigner(clients.client(CERTIFICATE_CONTROLLER), signer, ca, options.signingDuration(), version, context), 5);
        }
        return true;
    }

    /** The 1.9-1.18 signer's CA: the error is the os error of the first file that failed. */
    private static CertificateAuthority loadLegacy(String certFile, String keyFile, FileSystemRoot root, int exit)
            throws StartupFailure {
        try {
            return CertificateAuthority.load(certFile, keyFile, root);
        } catch (CertificateAuthority.LoadException e) {
            String message = e.getMessage().substring(("error reading CA cert file \"" + certFile + "\": ").length());
            throw new StartupFailure("failed to start certificate controller: " + message, exit);
        }
    }

    private void startCertificateController(String name, CertificateController.Handler handler, int workers) {
        CertificateController controller = new CertificateController(name, csrs(), handler, workers, context);
        controller.start();
        certificateControllers.add(controller);
        stops.add(controller::stop);
    }

    private Informer csrs() {
        return informer(Csr.collectionPath(version), Csr.typeName(version));
    }

    /** The shared informer of a collection, made on first use (SharedInformerFactory). */
    private Informer informer(String collectionPath, String typeName) {
        return informers.computeIfAbsent(collectionPath, path -> new Informer("k8s.io/client-go/informers/factory.go",
                ListWatch.of(api, path, typeName), context.scheduler(), context.log(), context.random().stream("reflector")));
    }
}
