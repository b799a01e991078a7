package visor.soc.device;

import visor.cpu.Clock;

final class FakeClock implements Clock {
    long now;

    @Override
    public long nanos() {
        return now;
    }
}
