package io.bootsim.core.flags;

import io.bootsim.core.api.GoFormat;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The Go strconv parsing and formatting that flag values go through, with Go's error texts
 * ({@code strconv.ParseInt: parsing "abc": invalid syntax}) because pflag prints them verbatim.
 */
final class Strconv {

    private Strconv() {
    }

    static boolean parseBool(String s) {
        return switch (s) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw syntax("ParseBool", s);
        };
    }

    /** strconv.ParseInt(s, 0, bits): sign, then 0x/0o/0b or a leading 0 (octal) select the base; underscores allowed between digits. */
    static long parseInt(String s, int bits) {
        String digits = s;
        boolean negative = false;
        if (digits.startsWith("+") || digits.startsWith("-")) {
            negative = digits.startsWith("-");
            digits = digits.substring(1);
        }
        int base = 10;
        boolean prefixed = true;
        String lower = digits.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("0x") || lower.startsWith("0o") || lower.startsWith("0b")) {
            base = lower.charAt(1) == 'x' ? 16 : lower.charAt(1) == 'o' ? 8 : 2;
            digits = digits.substring(2);
        } else if (digits.length() > 1 && digits.startsWith("0")) {
            base = 8;
            digits = digits.substring(1);
        } else {
            prefixed = false;
        }
        // underscoreOK: "_" only between digits, or right after a base prefix
        if (digits.contains("_")) {
            if ((!prefixed && digits.startsWith("_")) || digits.endsWith("_") || digits.contains("__")) {
                throw syntax("ParseInt", s);
            }
            digits = digits.replace("_", "");
        }
        int radix = base;
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c < 128 && Character.digit(c, radix) >= 0)) {
            throw syntax("ParseInt", s);
        }
        BigInteger value = new BigInteger(digits, base);
        if (negative) {
            value = value.negate();
        }
        BigInteger max = BigInteger.ONE.shiftLeft(bits - 1);
        if (value.compareTo(max) >= 0 || value.compareTo(max.negate()) < 0) {
            throw new IllegalArgumentException("strconv.ParseInt: parsing " + GoFormat.quote(s) + ": value out of range");
        }
        return value.longValue();
    }

    static double parseFloat(String s) {
        String t = s.replace("_", "");
        String lower = t.toLowerCase(java.util.Locale.ROOT);
        switch (lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower) {
            case "inf", "infinity" -> {
                return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            case "nan" -> {
                return Double.NaN;
            }
            default -> {
            }
        }
        if (t.isEmpty() || !t.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
            throw syntax("ParseFloat", s);
        }
        double d = Double.parseDouble(t);
        if (Double.isInfinite(d)) {
            throw new IllegalArgumentException("strconv.ParseFloat: parsing " + GoFormat.quote(s) + ": value out of range");
        }
        return d;
    }

    /** strconv.FormatFloat(f, 'g', -1, 64): shortest digits, exponent form below 1e-4 or from 1e21. */
    static String formatFloat(double f) {
        if (Double.isNaN(f)) {
            return "NaN";
        }
        if (Double.isInfinite(f)) {
            return f > 0 ? "+Inf" : "-Inf";
        }
        if (f == 0) {
            return (1 / f < 0) ? "-0" : "0";
        }
        BigDecimal shortest = new BigDecimal(Double.toString(f)).stripTrailingZeros();
        int exp = shortest.precision() - shortest.scale() - 1;
        if (exp < -4 || exp >= 21) {
            String digits = shortest.unscaledValue().abs().toString();
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            String e = (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
            return (f < 0 ? "-" : "") + mantissa + "e" + e;
        }
        return shortest.toPlainString();
    }


    private static IllegalArgumentException syntax(String fn, String s) {
        return new IllegalArgumentException("strconv." + fn + ": parsing " + GoFormat.quote(s) + ": invalid syntax");
    }
}
