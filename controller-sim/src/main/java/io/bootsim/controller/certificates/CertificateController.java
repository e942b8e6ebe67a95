package io.bootsim.controller.certificates;

import io.bootsim.core.client.Informer;
import io.bootsim.core.client.ObjectKey;
import io.bootsim.core.client.ResourceEventHandler;
import io.bootsim.core.client.workqueue.RateLimiter;
import io.bootsim.core.client.workqueue.WorkQueue;
import io.bootsim.core.runtime.ComponentContext;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The skeleton the approver and the signers share: every add and update of a CSR queues its name;
 * a worker hands the CSR from the informer's store to the handler; a failure requeues the name
 * with max(per-item backoff 200ms..1000s, overall 10 qps / burst 100), a success forgets it.
 */
// upstream: pkg/controller/certificates/certificate_controller.go
public final class CertificateController {

    /** Decides about one CSR and reports, once, when its requests are done. */
    public interface Handler {
        void handle(Csr csr, Consumer<SyncResult> done);
    }

    private final String name;
    private final Informer csrs;
    private final Handler handler;
    private final ComponentContext context;
    private final WorkQueue queue;
    private final int workers;

    public CertificateController(String name, Informer csrs, Handler handler, int workers, ComponentContext context) {
        this.name = name;
        this.csrs = csrs;
        this.handler = handler;
        this.context = context;
        this.workers = workers;
        this.queue = new WorkQueue(context.scheduler(), RateLimiter.maxOf(
                RateLimiter.exponential(Duration.ofMillis(200), Duration.ofSeconds(1000)),
                RateLimiter.bucket(10, 100, context.clock())), workers);
    }

    public void start() {
        context.log().info("certificate_controller.go", "Starting certificate controller \"" + name + "\"");
        csrs.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(com.fasterxml.jackson.databind.node.ObjectNode object) {
                context.log().infoV(4, "certificate_controller.go", "Adding certificate request " + ObjectKey.of(object));
                queue.add(ObjectKey.of(object));
            }

            @Override
            public void onUpdate(com.fasterxml.jackson.databind.node.ObjectNode old,
                                 com.fasterxml.jackson.databind.node.ObjectNode object) {
                context.log().infoV(4, "certificate_controller.go", "Updating certificate request " + ObjectKey.of(object));
                queue.add(ObjectKey.of(object));
            }
        });
        queue.run(this::work);
    }

    public void stop() {
        queue.shutDown();
        context.log().info("certificate_controller.go", "Shutting down certificate controller \"" + name + "\"");
    }

    public String name() {
        return name;
    }

    public int workers() {
        return workers;
    }

    private void work(String key) {
        var object = csrs.store().get(key);
        if (object.isEmpty()) {
            // deleted meanwhile: nothing to do
            queue.forget(key);
            queue.done(key);
            return;
        }
        handler.handle(new Csr(object.get()), result -> {
            if (result instanceof SyncResult.Failed failed) {
                String line = "Sync " + key + " failed with : " + failed.message();
                if (failed.ignorable()) {
                    context.log().infoV(4, "certificate_controller.go", line);
                } else {
                    context.log().error("certificate_controller.go", line);
                }
                queue.addRateLimited(key);
            } else {
                queue.forget(key);
            }
            queue.done(key);
        });
    }
}
