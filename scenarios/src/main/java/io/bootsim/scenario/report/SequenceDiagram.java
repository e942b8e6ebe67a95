package io.bootsim.scenario.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The walk-through as a UML-style sequence diagram in inline SVG: one lane per kubelet, then
 * kube-apiserver, kube-controller-manager and the admin's kubectl; an arrow per request with its
 * method, path and status code; a note for each decision on the lane of the component that made
 * it; the scenario's own steps across all lanes. Each row links to its numbered step in the
 * timeline and carries the full text as a tooltip. Integer geometry only, so the same beats give
 * the same bytes.
 */
public final class SequenceDiagram {

    private static final int LANE = 240;
    private static final int MARGIN = 44; // room for the step numbers
    private static final int HEAD = 48;
    private static final double CHAR = 5.6; // average width of an 11px sans-serif character

    private final List<String> lanes;
    private final StringBuilder svg = new StringBuilder();
    private int y = HEAD + 14;

    private SequenceDiagram(List<String> lanes) {
        this.lanes = lanes;
    }

    /** The diagram of {@code beats}, told as {@code steps} (one step per beat, in the same order). */
    public static String svg(List<Walkthrough.Beat> beats, List<Narration.Step> steps) {
        SequenceDiagram d = new SequenceDiagram(lanes(beats));
        for (int i = 0; i < beats.size(); i++) {
            d.row(beats.get(i), steps.get(i));
        }
        return d.finish();
    }

    /** Kubelets in the order they appear, kube-apiserver, kube-controller-manager, kubectl, then any other client. */
    static List<String> lanes(List<Walkthrough.Beat> beats) {
        Set<String> actors = new LinkedHashSet<>();
        beats.forEach(b -> actors.add(b.actor()));
        List<String> lanes = new ArrayList<>(actors.stream().filter(a -> a.startsWith("kubelet")).toList());
        lanes.add("kube-apiserver");
        for (String fixed : List.of("kube-controller-manager", Walkthrough.KUBECTL)) {
            if (actors.contains(fixed)) {
                lanes.add(fixed);
            }
        }
        actors.stream().filter(a -> !lanes.contains(a) && !a.equals(Walkthrough.SCENARIO)).forEach(lanes::add);
        return lanes;
    }

    private int x(String lane) {
        int i = lanes.indexOf(lane);
        return MARGIN + LANE / 2 + LANE * Math.max(i, 0);
    }

    private int width() {
        return MARGIN + LANE * lanes.size() + 10;
    }

    private void row(Walkthrough.Beat beat, Narration.Step step) {
        svg.append("<g id=\"row-").append(step.number()).append("\"><title>")
                .append(HtmlReport.escape(step.headline())).append("</title>");
        svg.append("<a href=\"#step-").append(step.number()).append("\"><text class=\"n\" x=\"4\" y=\"")
                .append(y + 4).append("\">").append(step.number()).append("</text></a>");
        if (beat instanceof Walkthrough.Request r) {
            arrow(r.exchange());
            verdictNote(r.exchange());
        } else if (beat instanceof Walkthrough.Command c) {
            note(Walkthrough.KUBECTL, "$ " + c.line(), "cmd");
            c.exchanges().stream().filter(x -> !Walkthrough.discovery(x)).forEach(x -> {
                arrow(x);
                verdictNote(x);
            });
        } else if (beat instanceof Walkthrough.Folded f) {
            int x = x(f.actor());
            svg.append("<text class=\"fold\" x=\"").append(x).append("\" y=\"").append(y + 4)
                    .append("\" text-anchor=\"middle\">").append(HtmlReport.escape(fit("\u2026 " + f.total() + " folded", LANE)))
                    .append("</text>");
            y += 20;
        } else if (beat.actor().equals(Walkthrough.SCENARIO)) {
            svg.append("<line class=\"step\" x1=\"").append(MARGIN).append("\" y1=\"").append(y).append("\" x2=\"")
                    .append(width() - 10).append("\" y2=\"").append(y).append("\"/>");
            svg.append("<text class=\"steptext\" x=\"").append(MARGIN + 4).append("\" y=\"").append(y - 4).append("\">")
                    .append(HtmlReport.escape(fit(step.headline(), width() - MARGIN - 20))).append("</text>");
            y += 26;
        } else {
            note(beat.actor(), withoutActor(step.headline(), beat.actor()), beat.actor().startsWith("kubelet") ? "kubelet" : "ctrl");
        }
        svg.append("</g>\n");
    }

    private void arrow(Exchange x) {
        int from = x(x.from());
        int to = x("kube-apiserver");
        boolean failed = x.code() == 0 || x.code() >= 400;
        String label = x.method() + " " + x.target().shortForm() + " \u2192 " + (x.code() == 0 ? "no answer" : x.code());
        int span = Math.abs(to - from) + LANE / 2; // a label may reach into the lanes beside the arrow
        int mid = (from + to) / 2;
        svg.append("<text class=\"label").append(failed ? " bad" : "").append("\" x=\"").append(mid).append("\" y=\"")
                .append(y).append("\" text-anchor=\"middle\">").append(HtmlReport.escape(fit(label, span))).append("</text>");
        int ay = y + 6;
        svg.append("<line class=\"msg").append(failed ? " bad" : "").append("\" x1=\"").append(from).append("\" y1=\"")
                .append(ay).append("\" x2=\"").append(to).append("\" y2=\"").append(ay)
                .append("\" marker-end=\"url(#").append(failed ? "headbad" : "head").append(")\"/>");
        y += 26;
    }

    /** The authorizer whose verdict decided, on kube-apiserver's lane. */
    private void verdictNote(Exchange x) {
        x.server("authorization").ifPresent(a -> {
            String chain = String.valueOf(a.field("chain"));
            boolean allowed = Boolean.parseBoolean(String.valueOf(a.field("allowed")));
            List<String> verdicts = Narration.verdicts(chain);
            String decisive = allowed ? verdicts.get(verdicts.size() - 1) : "forbidden: " + chain;
            note("kube-apiserver", decisive, allowed ? "authz" : "authzbad");
        });
        if (x.server("authentication").map(a -> "unauthorized".equals(a.field("result"))).orElse(false)) {
            note("kube-apiserver", "401: " + x.server("authentication").get().field("error"), "authzbad");
        }
    }

    private void note(String lane, String text, String kind) {
        int w = LANE - 12;
        int left = x(lane) - w / 2;
        svg.append("<rect class=\"note ").append(kind).append("\" x=\"").append(left).append("\" y=\"").append(y - 8)
                .append("\" width=\"").append(w).append("\" height=\"18\" rx=\"3\"/>");
        svg.append("<text class=\"notetext\" x=\"").append(left + 5).append("\" y=\"").append(y + 5).append("\">")
                .append(HtmlReport.escape(fit(text, w - 10))).append("</text>");
        y += 24;
    }

    private static String withoutActor(String headline, String actor) {
        if (headline.startsWith(actor + ": ")) {
            return headline.substring(actor.length() + 2);
        }
        if (headline.startsWith(actor + " ") || headline.startsWith(actor + ",")) {
            return headline.substring(actor.length() + 1).strip();
        }
        return headline;
    }

    /** The text, cut with an ellipsis to what fits in {@code pixels}. */
    private static String fit(String text, int pixels) {
        int max = (int) (pixels / CHAR);
        return text.length() <= max ? text : text.substring(0, Math.max(0, max - 1)) + "\u2026";
    }

    private String finish() {
        int height = y + 10;
        StringBuilder out = new StringBuilder();
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sequence\" width=\"").append(width())
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width()).append(' ')
                .append(height).append("\" role=\"img\" aria-label=\"sequence diagram\">\n");
        out.append("<defs><marker id=\"head\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" "
                + "markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#333\"/></marker>"
                + "<marker id=\"headbad\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" "
                + "orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#b00020\"/></marker></defs>\n");
        for (String lane : lanes) {
            int x = x(lane);
            out.append("<line class=\"life\" x1=\"").append(x).append("\" y1=\"").append(HEAD - 8).append("\" x2=\"")
                    .append(x).append("\" y2=\"").append(height - 4).append("\"/>");
            out.append("<rect class=\"lane\" x=\"").append(x - LANE / 2 + 6).append("\" y=\"8\" width=\"")
                    .append(LANE - 12).append("\" height=\"").append(HEAD - 16).append("\" rx=\"4\"/>");
            out.append("<text class=\"lanetext\" x=\"").append(x).append("\" y=\"").append(HEAD / 2 + 4)
                    .append("\" text-anchor=\"middle\">")
                    .append(HtmlReport.escape(lane.equals(Walkthrough.KUBECTL) ? "admin (kubectl)" : lane)).append("</text>\n");
        }
        out.append(svg).append("</svg>");
        return out.toString();
    }
}
