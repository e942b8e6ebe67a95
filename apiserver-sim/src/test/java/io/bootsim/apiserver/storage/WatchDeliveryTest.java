package io.bootsim.apiserver.storage;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WatchDeliveryTest {

    /**
     * A simulated scheduler reads the total (nothing pending) and then each client's count: an
     * event the total shows as handed must already show in its client's count, or the scheduler
     * takes the client for even while the event is still on its way.
     */
    @Test
    void anEventCountedAsHandedIsAlreadyCountedForItsClient() throws InterruptedException {
        WatchDelivery delivery = new WatchDelivery();
        int events = 2_000_000;
        Thread server = new Thread(() -> {
            for (int i = 0; i < events; i++) {
                delivery.queued();
                delivery.handed("127.0.0.1:50000");
            }
        });
        AtomicLong behind = new AtomicLong();
        Thread scheduler = new Thread(() -> {
            long handed;
            do {
                handed = delivery.handedCount();
                if (delivery.handedTo("127.0.0.1:50000") < handed) {
                    behind.incrementAndGet();
                }
            } while (handed < events);
        });
        server.start();
        scheduler.start();
        server.join();
        scheduler.join();
        assertEquals(0, behind.get(), "times the client's count lagged the total");
    }
}
