package io.bootsim.scenario.world;

import io.bootsim.core.log.LogLine;
import io.bootsim.core.trace.JsonLines;
import io.bootsim.core.trace.MemoryTrace;
import io.bootsim.core.trace.TraceEvent;
import io.bootsim.core.trace.TraceSink;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The run's trace and logs as every component sees them. Two things would otherwise differ
 * between runs and machines: where the hosts' directories are (a node sees /var/lib/kubelet, not
 * /tmp/bootsim-123/nodes/node-0/var/lib/kubelet) and which loopback ports the servers got (shown
 * as the ports their flags name); and the order in which the apiserver, on its own threads,
 * records requests that were in flight together. Its events are held until the scheduler settles,
 * then put in a fixed order: one group per request, groups ordered by their content.
 */
public final class WorldTrace implements TraceSink {

    private final MemoryTrace memory = new MemoryTrace();
    private final List<LogLine> logs = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, String> roots = new LinkedHashMap<>(); // host directory -> "" (longest first)
    private final Map<String, Integer> ports = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<Held> held = new ArrayList<>();
    private volatile Thread schedulerThread;

    /** Paths under {@code directory} are shown as the host sees them (the directory is its "/"). */
    public void hostRoot(java.nio.file.Path directory) {
        roots.put(directory.toString(), "");
        List<Map.Entry<String, String>> sorted = new ArrayList<>(roots.entrySet());
        sorted.sort(Comparator.comparing((Map.Entry<String, String> e) -> e.getKey().length()).reversed());
        roots.clear();
        sorted.forEach(e -> roots.put(e.getKey(), e.getValue()));
    }

    /** The component's server is shown on {@code shown}, the port its flags name, not the free one it got. */
    public void port(String component, int shown) {
        ports.put(component, shown);
    }

    /** Events recorded on this thread are in order already; the scheduler's thread is set at the start of a run. */
    public void schedulerThread(Thread thread) {
        schedulerThread = thread;
    }

    @Override
    public void record(TraceEvent event) {
        TraceEvent shown = rewrite(event);
        if (Thread.currentThread() == schedulerThread) {
            memory.record(shown);
        } else {
            synchronized (held) {
                held.add(new Held(Thread.currentThread().getId(), shown));
            }
        }
    }

    /** Moves what other threads recorded into the trace, in a fixed order; called when the scheduler settles. */
    public void settled() {
        List<Held> batch;
        synchronized (held) {
            if (held.isEmpty()) {
                return;
            }
            batch = new ArrayList<>(held);
            held.clear();
        }
        // One group per request: a thread handles one request at a time, and each starts with its authentication.
        Map<Long, List<List<TraceEvent>>> byThread = new LinkedHashMap<>();
        for (Held h : batch) {
            List<List<TraceEvent>> groups = byThread.computeIfAbsent(h.thread(), t -> new ArrayList<>());
            if (groups.isEmpty() || h.event().type().equals("authentication")) {
                groups.add(new ArrayList<>());
            }
            groups.get(groups.size() - 1).add(h.event());
        }
        List<List<TraceEvent>> groups = new ArrayList<>();
        byThread.values().forEach(groups::addAll);
        groups.sort(Comparator.comparing(WorldTrace::text));
        groups.forEach(g -> g.forEach(memory::record));
    }

    private static String text(List<TraceEvent> group) {
        StringBuilder sb = new StringBuilder();
        group.forEach(e -> sb.append(JsonLines.format(e)).append('\n'));
        return sb.toString();
    }

    public MemoryTrace memory() {
        return memory;
    }

    public List<TraceEvent> events() {
        return memory.events();
    }

    /** Where components write their klog lines. */
    public Consumer<LogLine> logSink() {
        return line -> logs.add(new LogLine(line.time(), line.component(), line.severity(), line.source(),
                rewrite(line.message())));
    }

    public List<LogLine> logs() {
        synchronized (logs) {
            return List.copyOf(logs);
        }
    }

    /** A path or message as the host sees it. */
    public String rewrite(String text) {
        String out = text;
        for (Map.Entry<String, String> root : roots.entrySet()) {
            if (out.contains(root.getKey())) {
                out = out.replace(root.getKey(), root.getValue());
            }
        }
        return out;
    }

    private TraceEvent rewrite(TraceEvent event) {
        Map<String, Object> fields = new LinkedHashMap<>();
        event.fields().forEach((k, v) -> fields.put(k, k.equals("port") && ports.containsKey(event.component())
                ? ports.get(event.component()) : rewriteValue(v)));
        return new TraceEvent(event.time(), event.component(), event.type(), fields);
    }

    private Object rewriteValue(Object value) {
        if (value instanceof String s) {
            return rewrite(s);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(this::rewriteValue).toList();
        }
        return value;
    }

    private record Held(long thread, TraceEvent event) {
    }
}
