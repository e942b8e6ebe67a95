package io.bootsim.kubelet.certificate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.http.ApiError;
import io.bootsim.core.http.ClientError;
import io.bootsim.core.http.HttpRequest;
import io.bootsim.core.http.RestClient;
import io.bootsim.core.http.Watch;
import io.bootsim.core.http.WatchEvent;
import io.bootsim.core.http.WatchHandler;
import io.bootsim.core.log.Klog;
import io.bootsim.core.time.Scheduler;
import io.bootsim.kubelet.KubeletRelease;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Consumer;

/**
 * One CSR from creation to certificate: POST it (a fixed name that already exists is reused, as
 * a restarted kubelet does), then wait for it by list+watch on {@code metadata.name} until it is
 * issued, denied, failed, deleted or replaced, or the timeout passes.
 */
// upstream: staging/src/k8s.io/client-go/util/certificate/csr/csr.go RequestCertificate, WaitForCertificate
public final class CsrRequest {

    /** How a request ended: the issued certificate PEM, or upstream's error text and the API error behind it. */
    public sealed interface Outcome permits Issued, Failed {
    }

    public record Issued(String name, byte[] certificatePem) implements Outcome {
    }

    /** @param created whether the CSR was created (the failure came while waiting) */
    public record Failed(String error, ClientError cause, boolean created) implements Outcome {
    }

    private final RestClient client;
    private final Scheduler scheduler;
    private final Klog log;
    private final KubeletRelease release;
    private final String source;
    private String apiVersion;

    public CsrRequest(RestClient client, Scheduler scheduler, Klog log, KubeletRelease release, String source) {
        this.client = client;
        this.scheduler = scheduler;
        this.log = log;
        this.release = release;
        this.source = source;
        this.apiVersion = release.csrApiVersion();
    }

    /** The API version the object must be built in; changes after a v1 -> v1beta1 fallback. */
    public String apiVersion() {
        return apiVersion;
    }

    public void request(java.util.function.Function<String, ObjectNode> object, Duration timeout, Consumer<Outcome> done) {
        ObjectNode csr = object.apply(apiVersion);
        String name = csr.path("metadata").path("name").asText("");
        client.send(HttpRequest.post(base(), csr), r -> {
            if (r.isSuccess()) {
                JsonNode meta = r.json().path("metadata");
                waitFor(meta.path("name").asText(), meta.path("uid").asText(), timeout, done);
            } else if (r.apiError().map(a -> a.code() == 404).orElse(false) && release.csrFallsBackToV1beta1()
                    && apiVersion.equals("v1")) {
                apiVersion = "v1beta1";
                request(object, timeout, done);
            } else if (r.apiError().map(a -> "AlreadyExists".equals(a.reason())).orElse(false) && !name.isEmpty()) {
                log.info(source, "csr for this node already exists, reusing");
                client.send(HttpRequest.get(base() + "/" + name), g -> {
                    if (!g.isSuccess()) {
                        done.accept(new Failed("cannot retrieve certificate signing request: " + g.goError(),
                                g.error(), false));
                        return;
                    }
                    log.info(source, "csr for this node is still valid");
                    waitFor(name, g.json().path("metadata").path("uid").asText(), timeout, done);
                });
            } else {
                done.accept(new Failed("cannot create certificate signing request: " + r.goError(), r.error(), false));
            }
        });
    }

    private String base() {
        return "/apis/certificates.k8s.io/" + apiVersion + "/certificatesigningrequests";
    }

    private void waitFor(String name, String uid, Duration timeout, Consumer<Outcome> done) {
        new Waiter(name, uid, done).start(timeout);
    }

    /** List then watch from the list's resourceVersion; a closed watch is listed and watched again. */
    private final class Waiter implements WatchHandler {
        private final String name;
        private final String uid;
        private final Consumer<Outcome> done;
        private Watch watch;
        private Scheduler.Timer timer;
        private boolean finished;
        private boolean approvedLogged;

        Waiter(String name, String uid, Consumer<Outcome> done) {
            this.name = name;
            this.uid = uid;
            this.done = done;
        }

        void start(Duration timeout) {
            timer = scheduler.schedule(timeout, () -> finish(new Failed("timed out waiting for the condition", null,
                    true)));
            list();
        }

        private String selector() {
            return "fieldSelector=" + URLEncoder.encode("metadata.name=" + name, StandardCharsets.UTF_8);
        }

        private void list() {
            client.send(HttpRequest.get(base() + "?" + selector()), r -> {
                if (finished) {
                    return;
                }
                if (!r.isSuccess()) {
                    scheduler.schedule(Duration.ofSeconds(1), this::list); // the reflector's retry
                    return;
                }
                ObjectNode list = r.json();
                JsonNode items = list.path("items");
                if (items.isEmpty()) {
                    finish(new Failed("csr \"" + name + "\" was deleted", null, true));
                    return;
                }
                check(items.get(0));
                if (!finished) {
                    String rv = list.path("metadata").path("resourceVersion").asText("");
                    watch = client.watch(base() + "?" + selector() + "&watch=true&resourceVersion=" + rv, this);
                }
            });
        }

        @Override
        public void onEvent(WatchEvent event) {
            if (finished) {
                return;
            }
            if (event.isError()) {
                watch.stop();
                list();
            } else if (event.type().equals("DELETED")) {
                finish(new Failed("csr \"" + name + "\" was deleted", null, true));
            } else {
                check(event.object());
            }
        }

        @Override
        public void closed(ClientError error) {
            if (!finished) {
                scheduler.schedule(Duration.ofSeconds(1), this::list);
            }
        }

        private void check(JsonNode csr) {
            if (!uid.isEmpty() && !uid.equals(csr.path("metadata").path("uid").asText())) {
                finish(new Failed("csr \"" + name + "\" changed UIDs", null, true));
                return;
            }
            boolean approved = false;
            for (JsonNode c : csr.path("status").path("conditions")) {
                String type = c.path("type").asText();
                String reason = c.path("reason").asText("");
                String message = c.path("message").asText("");
                if (type.equals("Denied")) {
                    finish(new Failed(String.format(release.deniedText(), reason, message), null, true));
                    return;
                }
                if (type.equals("Failed")) {
                    finish(new Failed("certificate signing request failed, reason: " + reason + ", message: "
                            + message, null, true));
                    return;
                }
                approved |= type.equals("Approved");
            }
            String cert = csr.path("status").path("certificate").asText("");
            if (approved && !cert.isEmpty()) {
                log.infoV(2, source, "certificate signing request " + name + " is issued");
                finish(new Issued(name, Base64.getDecoder().decode(cert)));
            } else if (approved && !approvedLogged) {
                approvedLogged = true;
                log.infoV(2, source, "certificate signing request " + name + " is approved, waiting to be issued");
            }
        }

        private void finish(Outcome outcome) {
            if (finished) {
                return;
            }
            finished = true;
            timer.cancel();
            if (watch != null) {
                watch.stop();
            }
            done.accept(outcome);
        }
    }

    /** Whether an error means the apiserver answered sanely (client-go's updateServerError). */
    public static boolean serverHealthy(ClientError error) {
        if (error instanceof ApiError a) {
            int code = a.code();
            return code == 401 || code == 403 || code == 404;
        }
        return false;
    }
}
