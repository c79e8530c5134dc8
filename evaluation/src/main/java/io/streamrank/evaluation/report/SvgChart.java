package io.streamrank.evaluation.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * Draws small charts as inline SVG for the HTML report: lines over numeric x values, with
 * optional markers, dashes, a diagonal reference and a legend. The SVG needs no script, font or
 * file outside itself.
 */
final class SvgChart {

    static final String[] PALETTE = {
        "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"
    };

    private static final int WIDTH = 940;
    private static final int HEIGHT = 320;
    private static final int LEFT = 64;
    private static final int RIGHT = 300;
    private static final int TOP = 30;
    private static final int BOTTOM = 48;

    /**
     * One line of a chart. NaN y values leave a gap.
     *
     * @param name legend text
     * @param color stroke color
     * @param x x values
     * @param y y values, aligned with x
     * @param stroke how the points are joined
     * @param markers whether each point gets a marker
     */
    record Line(String name, String color, double[] x, double[] y, Stroke stroke, boolean markers) {}

    /** Stroke between the points of a line. */
    enum Stroke {
        SOLID,
        DASHED,
        NONE;

        String dashAttribute() {
            return this == DASHED ? " stroke-dasharray=\"6,4\"" : "";
        }
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Line> lines = new ArrayList<>();
    private double xMin = Double.NaN;
    private double xMax = Double.NaN;
    private double yMin = Double.NaN;
    private double yMax = Double.NaN;
    private boolean diagonal;
    private double yFloor = Double.NaN;
    private double yCeiling = Double.NaN;
    private DoubleFunction<String> xTickFormat = value -> format(value);

    SvgChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    SvgChart add(Line line) {
        lines.add(line);
        return this;
    }

    /** Fixes the axis ranges instead of fitting them to the data. */
    SvgChart range(double newXMin, double newXMax, double newYMin, double newYMax) {
        xMin = newXMin;
        xMax = newXMax;
        yMin = newYMin;
        yMax = newYMax;
        return this;
    }

    /** Starts the fitted y axis at {@code floor}, for values that cannot go below it. */
    SvgChart yFrom(double floor) {
        yFloor = floor;
        return this;
    }

    /** Ends the fitted y axis at {@code ceiling} at most, for values that cannot exceed it. */
    SvgChart yTo(double ceiling) {
        yCeiling = ceiling;
        return this;
    }

    /** Draws the line y = x, the perfect calibration of a reliability diagram. */
    SvgChart withDiagonal() {
        diagonal = true;
        return this;
    }

    SvgChart xTicks(DoubleFunction<String> format) {
        xTickFormat = format;
        return this;
    }

    String render() {
        fitRanges();
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                        + " role=\"img\" class=\"chart\"><title>%s</title>%n",
                WIDTH, HEIGHT, WIDTH, HEIGHT, escape(title)));
        svg.append(String.format(Locale.ROOT,
                "<text x=\"%d\" y=\"18\" class=\"chart-title\">%s</text>%n", LEFT, escape(title)));
        axes(svg);
        if (diagonal) {
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999\" stroke-dasharray=\"2,3\"/>%n",
                    px(xMin), py(yMin), px(xMax), py(yMax)));
        }
        for (Line line : lines) {
            path(svg, line);
        }
        legend(svg);
        svg.append("</svg>\n");
        return svg.toString();
    }

    private void fitRanges() {
        if (!Double.isNaN(xMin)) {
            return;
        }
        double lowX = Double.POSITIVE_INFINITY;
        double highX = Double.NEGATIVE_INFINITY;
        double lowY = Double.POSITIVE_INFINITY;
        double highY = Double.NEGATIVE_INFINITY;

        for (Line line : lines) {
            for (int i = 0; i < line.x().length; i++) {
                if (Double.isFinite(line.y()[i])) {
                    lowX = Math.min(lowX, line.x()[i]);
                    highX = Math.max(highX, line.x()[i]);
                    lowY = Math.min(lowY, line.y()[i]);
                    highY = Math.max(highY, line.y()[i]);
                }
            }
        }

        if (lowX > highX) {
            lowX = 0;
            highX = 1;
            lowY = 0;
            highY = 1;
        }
        if (highX == lowX) {
            highX = lowX + 1;
        }

        double padding = highY > lowY ? 0.06 * (highY - lowY) : Math.max(0.05, Math.abs(highY) * 0.05);
        xMin = lowX;
        xMax = highX;
        yMin = Double.isNaN(yFloor) ? lowY - padding : yFloor;
        yMax = Double.isNaN(yCeiling) ? highY + padding : Math.min(yCeiling, highY + padding);
    }

    private void axes(StringBuilder svg) {
        double plotRight = WIDTH - RIGHT;
        double plotBottom = HEIGHT - BOTTOM;
        svg.append(String.format(Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"#444\"/>%n",
                LEFT, TOP, plotRight - LEFT, plotBottom - TOP));
        for (int tick = 0; tick <= 4; tick++) {
            double y = yMin + (yMax - yMin) * tick / 4.0;
            double x = xMin + (xMax - xMin) * tick / 4.0;
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                            + "<text x=\"%d\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">%s</text>%n",
                    LEFT, py(y), plotRight, py(y), LEFT - 6, py(y) + 4, escape(format(y))));
            svg.append(String.format(Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%.1f\" class=\"tick\" text-anchor=\"middle\">%s</text>%n",
                    px(x), plotBottom + 16, escape(xTickFormat.apply(x))));
        }
        svg.append(String.format(Locale.ROOT,
                "<text x=\"%.1f\" y=\"%d\" class=\"axis\" text-anchor=\"middle\">%s</text>%n",
                (LEFT + plotRight) / 2, HEIGHT - 8, escape(xLabel)));
        svg.append(String.format(Locale.ROOT,
                "<text x=\"14\" y=\"%.1f\" class=\"axis\" text-anchor=\"middle\" transform=\"rotate(-90 14 %.1f)\">%s</text>%n",
                (TOP + plotBottom) / 2, (TOP + plotBottom) / 2, escape(yLabel)));
    }

    private void path(StringBuilder svg, Line line) {
        StringBuilder d = new StringBuilder();
        boolean open = false;
        for (int i = 0; i < line.x().length; i++) {
            double y = line.y()[i];
            if (!Double.isFinite(y)) {
                open = false;
                continue;
            }
            d.append(open ? " L" : " M").append(String.format(Locale.ROOT, "%.1f %.1f", px(line.x()[i]), py(y)));
            open = true;
        }
        if (d.length() > 0 && line.stroke() != Stroke.NONE) {
            svg.append(String.format(Locale.ROOT,
                    "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.6\"%s/>%n",
                    d.toString().trim(), line.color(), line.stroke().dashAttribute()));
        }
        if (line.markers()) {
            for (int i = 0; i < line.x().length; i++) {
                if (Double.isFinite(line.y()[i])) {
                    svg.append(String.format(Locale.ROOT,
                            "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>",
                            px(line.x()[i]), py(line.y()[i]), line.color()));
                }
            }
            svg.append('\n');
        }
    }

    private void legend(StringBuilder svg) {
        double x = WIDTH - RIGHT + 12;
        double y = TOP + 8;
        for (Line line : lines) {
            if (line.stroke() != Stroke.NONE) {
                svg.append(String.format(Locale.ROOT,
                        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"%s/>",
                        x, y, x + 22, y, line.color(), line.stroke().dashAttribute()));
            }
            if (line.markers()) {
                svg.append(String.format(Locale.ROOT,
                        "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>", x + 11, y, line.color()));
            }
            svg.append(String.format(Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%.1f\" class=\"legend\">%s</text>%n", x + 28, y + 4, escape(line.name())));
            y += 17;
        }
    }

    private double px(double x) {
        return LEFT + (x - xMin) / (xMax - xMin) * (WIDTH - RIGHT - LEFT);
    }

    private double py(double y) {
        return HEIGHT - BOTTOM - (y - yMin) / (yMax - yMin) * (HEIGHT - BOTTOM - TOP);
    }

    static String format(double value) {
        double magnitude = Math.abs(value);
        if (magnitude != 0 && (magnitude < 0.01 || magnitude >= 100_000)) {
            return String.format(Locale.ROOT, "%.2g", value);
        }
        if (magnitude >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
