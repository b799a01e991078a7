package visor.cli.host;

import org.junit.jupiter.api.Test;
import visor.hv.VmState;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HypervisorHostTest {
    @Test
    void vmlShowsAnIdleGuestAsRunningAndInfoSaysItWaits() {
        assertEquals("running", HypervisorHost.listedState(VmState.RUNNING));
        assertEquals("running", HypervisorHost.listedState(VmState.WAITING));
        assertEquals("running", HypervisorHost.detailedState(VmState.RUNNING));
        assertTrue(HypervisorHost.detailedState(VmState.WAITING).startsWith("running (waiting"));
    }

    @Test
    void otherStatesAreShownByName() {
        for (VmState state : new VmState[] {VmState.CREATED, VmState.PAUSED, VmState.STOPPED, VmState.CRASHED}) {
            String name = state.name().toLowerCase();
            assertEquals(name, HypervisorHost.listedState(state));
            assertEquals(name, HypervisorHost.detailedState(state));
        }
    }
}
