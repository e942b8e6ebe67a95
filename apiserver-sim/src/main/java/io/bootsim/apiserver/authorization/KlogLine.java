package io.bootsim.apiserver.authorization;

/**
 * A line a component writes through klog, with the verbosity it needs: {@code klog.V(5).Infof}
 * is visible only with {@code -v=5} or higher.
 */
public record KlogLine(int verbosity, String source, String message) {

    /** True when a component running with {@code --v=level} prints this line. */
    public boolean visibleAt(int level) {
        return level >= verbosity;
    }
}
