package visor.cli.display;

import java.awt.Dimension;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.event.KeyAdapter;
import java.awt.event.KeyEvent;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import javax.swing.JFrame;
import javax.swing.JPanel;
import javax.swing.SwingUtilities;
import javax.swing.Timer;
import javax.swing.WindowConstants;
import visor.soc.console.ConsoleChannel;
import visor.soc.device.Framebuffer;

/**
 * A window showing a framebuffer: it polls the picture 30 times a second, repaints only when the
 * snapshot's generation changed, scales it to the window, and types the keys pressed in it into a UART.
 */
public final class DisplayWindow {
    private static final int REFRESH_MS = 33;

    private final JFrame frame;
    private final Timer timer;
    private volatile BufferedImage image;
    private long generation = -1;

    private DisplayWindow(String title, Supplier<Framebuffer.Snapshot> screen, ConsoleChannel keyboard) {
        JPanel panel = new JPanel() {
            @Override
            protected void paintComponent(Graphics g) {
                super.paintComponent(g);
                BufferedImage shown = image;
                if (shown == null) {
                    g.drawString("no framebuffer allocated yet", 10, 20);
                    return;
                }
                ((Graphics2D) g).setRenderingHint(RenderingHints.KEY_INTERPOLATION,
                        RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
                g.drawImage(shown, 0, 0, getWidth(), getHeight(), null);
            }
        };
        panel.setPreferredSize(new Dimension(640, 480));
        panel.setFocusable(true);
        panel.addKeyListener(new KeyAdapter() {
            @Override
            public void keyTyped(KeyEvent e) {
                char c = e.getKeyChar();
                if (c == '\n') {
                    c = '\r'; // a terminal's Enter
                }
                if (c != KeyEvent.CHAR_UNDEFINED) {
                    keyboard.type(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                }
            }
        });
        frame = new JFrame(title);
        frame.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
        frame.add(panel);
        frame.pack();
        timer = new Timer(REFRESH_MS, e -> {
            Framebuffer.Snapshot picture = screen.get();
            long now = picture == null ? -1 : picture.generation();
            if (now != generation || (picture == null) != (image == null)) {
                generation = now;
                image = picture == null ? null : Screenshot.image(picture);
                panel.repaint();
            }
        });
    }

    /**
     * Opens a window titled {@code title}; returns null with the reason in {@code why[0]} when there is no
     * display (a headless JDK or no X server).
     */
    public static DisplayWindow open(String title, Supplier<Framebuffer.Snapshot> screen, ConsoleChannel keyboard,
                                     String[] why) {
        if (GraphicsEnvironment.isHeadless()) {
            why[0] = "no display (headless Java: no DISPLAY or a JRE without AWT); running without a window";
            return null;
        }
        DisplayWindow[] window = new DisplayWindow[1];
        try {
            SwingUtilities.invokeAndWait(() -> {
                window[0] = new DisplayWindow(title, screen, keyboard);
                window[0].frame.setVisible(true);
                window[0].frame.getContentPane().getComponent(0).requestFocusInWindow();
                window[0].timer.start();
            });
        } catch (Exception e) {
            why[0] = "cannot open the display window: " + e.getMessage();
            return null;
        }
        return window[0];
    }

    public void close() {
        SwingUtilities.invokeLater(() -> {
            timer.stop();
            frame.dispose();
        });
    }
}
