package io.bootsim.core.time;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SteadyStateElisionTest {

    private static final Instant START = Instant.parse("2018-01-01T00:00:00Z");
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);
    private static final Duration YEAR = Duration.ofDays(365);
    private final VirtualClock clock = new VirtualClock(START);
    private final VirtualScheduler scheduler = new VirtualScheduler(clock, Duration.ofSeconds(10));
    private final List<String> ran = new ArrayList<>();
    private final List<VirtualScheduler.Elision> elided = new ArrayList<>();

    SteadyStateElisionTest() {
        scheduler.onElision(elided::add);
    }

    /** A heartbeat: each run schedules the next, as the kubelet's Lease does. */
    private void renewEvery(Duration period, String name) {
        scheduler.schedule(period, Periodic.renewal("kubelet/node-0", name, period), () -> {
            ran.add(name + " " + since());
            renewEvery(period, name);
        });
    }

    private void observeEvery(Duration period, Periodic series, String name) {
        scheduler.schedule(period, series, () -> {
            ran.add(name + " " + since());
            observeEvery(period, series, name);
        });
    }

    private Duration since() {
        return Duration.between(START, clock.now());
    }

    private List<Duration> timesOf(String name) {
        return ran.stream().filter(r -> r.startsWith(name + " "))
                .map(r -> Duration.parse(r.substring(name.length() + 1))).toList();
    }

    @Test
    void aYearOfHeartbeatsRunsOnlyAroundItsEnds() {
        renewEvery(TEN_SECONDS, "renew");
        scheduler.advance(YEAR);
        assertEquals(START.plus(YEAR), clock.now());
        List<Duration> runs = timesOf("renew");
        assertTrue(runs.size() < 20, runs.toString());
        // tick by tick for the first minute and the last one, one run where the skip lands
        assertEquals(Duration.ofSeconds(10), runs.get(0));
        assertEquals(YEAR.minus(VirtualScheduler.SETTLE_WINDOW), runs.get(6));
        assertEquals(YEAR, runs.get(runs.size() - 1));
        assertEquals(1, elided.size());
        VirtualScheduler.Elision e = elided.get(0);
        assertEquals("renew", e.series().runs());
        // the ticks at 70 s ... up to the skip's end, less the one run standing for them
        long ticks = (YEAR.minus(VirtualScheduler.SETTLE_WINDOW).getSeconds() - 70 + 9) / 10;
        assertEquals(ticks - 1, e.runs());
        assertEquals(START.plus(YEAR).minus(VirtualScheduler.SETTLE_WINDOW), e.to());
    }

    @Test
    void anOrdinaryTimerIsAMilestoneApproachedAndLeftTickByTick() {
        renewEvery(TEN_SECONDS, "renew");
        Duration rotation = Duration.ofDays(200).plusSeconds(3);
        scheduler.schedule(rotation, () -> ran.add("rotate " + since()));
        scheduler.advance(YEAR);
        assertTrue(ran.contains("rotate " + rotation), ran.toString());
        List<Duration> runs = timesOf("renew");
        Duration landing = rotation.minus(VirtualScheduler.SETTLE_WINDOW);
        // from the landing, every 10 s through the milestone and for a minute after it
        List<Duration> around = runs.stream().filter(d -> d.compareTo(landing) >= 0
                && d.compareTo(rotation.plus(VirtualScheduler.SETTLE_WINDOW)) <= 0).toList();
        List<Duration> expected = new ArrayList<>();
        for (Duration d = landing; d.compareTo(rotation.plus(VirtualScheduler.SETTLE_WINDOW)) <= 0; d = d.plus(TEN_SECONDS)) {
            expected.add(d);
        }
        assertEquals(expected, around);
        assertEquals(2, elided.size(), "one span before the milestone, one after");
    }

    @Test
    void renewalsRunAtTheLandingBeforeObserversWhichKeepTheirPhase() {
        Duration monitor = Duration.ofSeconds(5);
        // the observer is scheduled first, so without the rule it would run first at any shared instant
        scheduler.schedule(Duration.ofSeconds(2), () -> observeEvery(monitor,
                Periodic.observer("kube-controller-manager", "node monitor passes", monitor), "monitor"));
        renewEvery(TEN_SECONDS, "renew");
        scheduler.advance(Duration.ofDays(30));
        Duration landing = Duration.ofDays(30).minus(VirtualScheduler.SETTLE_WINDOW);
        int renewal = ran.indexOf("renew " + landing);
        assertTrue(renewal >= 0, ran.toString());
        String firstObserverAfter = ran.subList(renewal, ran.size()).stream().filter(r -> r.startsWith("monitor"))
                .findFirst().orElseThrow();
        assertEquals("monitor " + landing.plusSeconds(2), firstObserverAfter); // on its grid: 2 s past each 5 s
        for (Duration d : timesOf("monitor")) {
            assertEquals(2, d.getSeconds() % 5, d.toString());
        }
        assertTrue(elided.stream().anyMatch(e -> e.series().runs().equals("node monitor passes")
                && e.runs() == landing.minusSeconds(67).getSeconds() / 5 + 1), elided.toString());
    }

    @Test
    void anObserversNextActionIsAMilestoneOnItsOwnGrid() {
        Duration hour = Duration.ofHours(1);
        Instant deletable = START.plus(Duration.ofDays(100)).plusSeconds(1800);
        observeEvery(hour, Periodic.observer("kube-controller-manager", "csrcleaner passes", hour)
                .actingFrom(() -> Optional.of(deletable)), "cleaner");
        renewEvery(TEN_SECONDS, "renew");
        scheduler.advance(YEAR);
        Duration tick = Duration.ofDays(100).plus(hour); // the first hourly pass at or after the instant
        assertTrue(timesOf("cleaner").contains(tick), timesOf("cleaner").toString());
        assertTrue(timesOf("renew").contains(tick.minus(VirtualScheduler.SETTLE_WINDOW)), "approached tick by tick");
        assertTrue(timesOf("renew").contains(tick.minusSeconds(10)));
    }

    @Test
    void nothingIsSkippedWithinTheSettleWindowOfAStep() {
        renewEvery(TEN_SECONDS, "renew");
        scheduler.advance(Duration.ofSeconds(55));
        assertEquals(List.of(10L, 20L, 30L, 40L, 50L), timesOf("renew").stream().map(Duration::getSeconds).toList());
        scheduler.advance(Duration.ofMinutes(2).plusSeconds(5)); // a skip shorter than the window is not taken
        assertEquals(18, timesOf("renew").size()); // 10 s ... 180 s
        assertEquals(List.of(), elided);
    }

    @Test
    void aSettleLongerThanTheFloorWidensTheWindow() {
        Duration grace = Duration.ofMinutes(5);
        observeEvery(Duration.ofSeconds(5), Periodic.observer("kube-controller-manager", "node monitor passes",
                Duration.ofSeconds(5)).settlingFor(grace), "monitor");
        renewEvery(TEN_SECONDS, "renew");
        scheduler.advance(Duration.ofDays(1));
        List<Duration> renewals = timesOf("renew");
        assertEquals(Duration.ofSeconds(300), renewals.get(29), "tick by tick for the whole settle after the step");
        assertTrue(renewals.contains(Duration.ofDays(1).minus(grace)));
    }

    @Test
    void aConditionStillStopsTheRunAtAMilestone() {
        renewEvery(TEN_SECONDS, "renew");
        List<String> state = new ArrayList<>();
        scheduler.schedule(Duration.ofDays(90), () -> state.add("rotated"));
        assertTrue(scheduler.runUntil(() -> !state.isEmpty(), START.plus(YEAR)));
        assertEquals(START.plus(Duration.ofDays(90)), clock.now());
    }

    @Test
    void aCancelledRunStaysCancelledAfterASkipMovedIt() {
        Scheduler.Timer timer = scheduler.schedule(Duration.ofSeconds(5),
                Periodic.observer("kubelet/node-0", "checks", Duration.ofSeconds(5)), () -> ran.add("check"));
        renewEvery(TEN_SECONDS, "renew");
        scheduler.advance(Duration.ofSeconds(3));
        assertTrue(timer.cancel());
        scheduler.advance(Duration.ofDays(2));
        assertTrue(ran.stream().noneMatch(r -> r.equals("check")));
    }

    @Test
    void liveSchedulersJustScheduleAPeriodicRun() throws InterruptedException {
        CountDownLatch latch = new CountDownLatch(1);
        try (ExecutorScheduler live = new ExecutorScheduler("test", Clock.system())) {
            live.schedule(Duration.ofMillis(20), Periodic.renewal("c", "renewals", TEN_SECONDS), latch::countDown);
            assertTrue(latch.await(5, TimeUnit.SECONDS));
        }
    }
}
