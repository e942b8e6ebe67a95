package io.bootsim.core.flags;

import io.bootsim.core.api.GoFormat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;

/**
 * Go's time.ParseDuration and Duration.String, which duration flags use for their values and
 * their help defaults ({@code 8760h0m0s}, {@code 1m30s}, {@code 500ms}, {@code 0s}).
 */
// upstream: go/src/time/format.go ParseDuration, time.go Duration.String
public final class GoDuration {

    private GoDuration() {
    }

    private static final Map<String, Long> UNIT_NANOS = Map.of(
            "ns", 1L, "us", 1_000L, "\u00b5s", 1_000L, "\u03bcs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    public static Duration parse(String s) {
        String rest = s;
        boolean negative = false;
        if (!rest.isEmpty() && (rest.charAt(0) == '-' || rest.charAt(0) == '+')) {
            negative = rest.charAt(0) == '-';
            rest = rest.substring(1);
        }
        if (rest.equals("0")) {
            return Duration.ZERO;
        }
        if (rest.isEmpty()) {
            throw invalid(s);
        }
        BigInteger total = BigInteger.ZERO;
        while (!rest.isEmpty()) {
            int i = 0;
            while (i < rest.length() && (Character.isDigit(rest.charAt(i)) || rest.charAt(i) == '.')) {
                i++;
            }
            String number = rest.substring(0, i);
            if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
                throw invalid(s);
            }
            rest = rest.substring(i);
            int u = 0;
            while (u < rest.length() && rest.charAt(u) != '.' && !Character.isDigit(rest.charAt(u))) {
                u++;
            }
            if (u == 0) {
                throw new IllegalArgumentException("time: missing unit in duration " + GoFormat.quote(s));
            }
            String unit = rest.substring(0, u);
            Long nanos = UNIT_NANOS.get(unit);
            if (nanos == null) {
                throw new IllegalArgumentException("time: unknown unit " + GoFormat.quote(unit) + " in duration " + GoFormat.quote(s));
            }
            rest = rest.substring(u);
            total = total.add(new BigDecimal(number).multiply(BigDecimal.valueOf(nanos))
                    .setScale(0, RoundingMode.DOWN).toBigInteger());
            if (total.bitLength() > 63) {
                throw invalid(s);
            }
        }
        long n = total.longValueExact();
        return Duration.ofNanos(negative ? -n : n);
    }

    public static String format(Duration d) {
        long n = d.toNanos();
        if (n == 0) {
            return "0s";
        }
        String sign = n < 0 ? "-" : "";
        BigInteger u = BigInteger.valueOf(n).abs();
        long abs = u.longValue();
        if (abs < 1_000_000_000L) {
            if (abs < 1_000L) {
                return sign + abs + "ns";
            }
            if (abs < 1_000_000L) {
                return sign + fraction(abs, 3) + "\u00b5s";
            }
            return sign + fraction(abs, 6) + "ms";
        }
        long seconds = abs / 1_000_000_000L;
        String secs = fraction(abs % 60_000_000_000L, 9) + "s";
        long minutes = seconds / 60;
        if (minutes == 0) {
            return sign + secs;
        }
        long hours = minutes / 60;
        if (hours == 0) {
            return sign + minutes + "m" + secs;
        }
        return sign + hours + "h" + (minutes % 60) + "m" + secs;
    }

    /** {@code value / 10^digits} with trailing zeros of the fraction dropped. */
    private static String fraction(long value, int digits) {
        return new BigDecimal(BigInteger.valueOf(value), digits).stripTrailingZeros().toPlainString();
    }

    private static IllegalArgumentException invalid(String s) {
        return new IllegalArgumentException("time: invalid duration " + GoFormat.quote(s));
    }
}
