package visor.cli.testing;

import visor.cli.console.VmHost;
import visor.cli.console.VmHostException;
import visor.soc.console.ConsoleChannel;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A VmHost whose VMs are consoles driven by the test: each can emit text and, when started, runs a
 * guest thread that drains its input (like the UART model) and answers lines through a responder.
 */
public final class FakeVmHost implements VmHost {
    public final List<FakeVm> vms = new CopyOnWriteArrayList<>();
    public final List<String> calls = new CopyOnWriteArrayList<>();
    public final List<ImageInfo> images = new ArrayList<>();
    public volatile boolean shutdown;
    public volatile Runnable onReset = () -> { };
    public volatile String failure;

    @Override
    public String failure() {
        return failure;
    }

    public final class FakeVm {
        public final int id;
        public final String name;
        public volatile String state = "running";
        public final ConsoleChannel channel;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private final StringBuilder line = new StringBuilder();
        /** Answers each received line (without its CR/LF), or null for no answer. */
        public volatile Function<String, String> responder;
        private Thread guest;
        private final Object wake = new Object();

        FakeVm(int id, String name) {
            this.id = id;
            this.name = name;
            this.channel = new ConsoleChannel(name, 1 << 16);
        }

        /** The guest writes text; serialized as only one thread may emit. */
        public void emit(String text) {
            synchronized (this) {
                for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
                    channel.emit(b & 0xFF);
                }
            }
        }

        /** Starts draining input on a guest thread. */
        public FakeVm runGuest() {
            channel.setInputHook(() -> {
                synchronized (wake) {
                    wake.notifyAll();
                }
            });
            guest = new Thread(this::guestLoop, "guest-" + name);
            guest.setDaemon(true);
            guest.start();
            return this;
        }

        private void guestLoop() {
            while (!shutdown) {
                int b = channel.pollInput();
                if (b < 0) {
                    synchronized (wake) {
                        if (!channel.hasInput() && !shutdown) {
                            try {
                                wake.wait(20);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    }
                    continue;
                }
                synchronized (received) {
                    received.write(b);
                }
                if (b == '\r' || b == '\n') {
                    Function<String, String> r = responder;
                    String answer = r == null ? null : r.apply(line.toString());
                    line.setLength(0);
                    if (answer != null) {
                        emit(answer);
                    }
                } else {
                    line.append((char) b);
                }
            }
        }

        /** Everything the guest read so far, plus what is still queued when no guest thread runs. */
        public byte[] received() {
            if (guest == null) {
                int b;
                while ((b = channel.pollInput()) >= 0) {
                    synchronized (received) {
                        received.write(b);
                    }
                }
            }
            synchronized (received) {
                return received.toByteArray();
            }
        }

        public String receivedText() {
            return new String(received(), StandardCharsets.UTF_8);
        }
    }

    public FakeVm add(String name) {
        FakeVm vm = new FakeVm(vms.size() + 1, name);
        vms.add(vm);
        return vm;
    }

    public FakeVm vm(int id) {
        return vms.stream().filter(v -> v.id == id).findFirst().orElseThrow(() -> new VmHostException("no VM " + id));
    }

    @Override
    public List<VmInfo> list() {
        return vms.stream().map(v -> new VmInfo(v.id, v.name, v.state, 10L * v.id, 0x80000L + v.id * 4, v.id, 2, 300, 4, 1234)).toList();
    }

    @Override
    public ConsoleChannel console(int id) {
        return vm(id).channel;
    }

    private void lifecycle(String op, int id, String state) {
        FakeVm vm = vm(id);
        if (vm.state.equals(state)) {
            throw new VmHostException("vm " + id + " is already " + state);
        }
        calls.add(op + " " + id);
        vm.state = state;
    }

    @Override
    public void stop(int id) {
        lifecycle("stop", id, "stopped");
    }

    @Override
    public void start(int id) {
        lifecycle("start", id, "running");
    }

    @Override
    public void reset(int id) {
        vm(id);
        calls.add("reset " + id);
        onReset.run();
    }

    @Override
    public void pause(int id) {
        lifecycle("pause", id, "paused");
    }

    @Override
    public void resume(int id) {
        lifecycle("resume", id, "running");
    }

    @Override
    public String info(int id) {
        FakeVm vm = vm(id);
        return "vm " + id + " " + vm.name + "\n  pc 0x0000000000080000  sp 0x0000000000100000\n";
    }

    @Override
    public List<ImageInfo> images() {
        return images;
    }

    @Override
    public int load(String image, long load, long entry) {
        if (images.stream().noneMatch(i -> i.name().equals(image))) {
            throw new VmHostException("no image '" + image + "'");
        }
        calls.add(String.format("load %s 0x%X 0x%X", image, load, entry));
        return add(image.replaceAll("\\..*", "") + "-" + (vms.size() + 1)).id;
    }

    @Override
    public void shutdown() {
        if (!shutdown) {
            calls.add("shutdown");
        }
        shutdown = true;
    }
}
