#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <signal.h>
#include <setjmp.h>
#include <sys/mman.h>
extern char t2_start[], t2_slot[], t2_end[];
typedef struct { uint64_t v[64]; uint64_t x[8]; uint64_t fpcr, nzcv, fpsr; } St;
static sigjmp_buf jb;
static void onill(int s) { siglongjmp(jb, 1); }
/* line: insn fpcr nzcv seed ; registers derived from seed with xorshift so both sides agree */
static uint64_t xs(uint64_t *s) { *s ^= *s << 13; *s ^= *s >> 7; *s ^= *s << 17; return *s; }
static const uint32_t SPEC_S[16] = {0, 0x80000000u, 0x7f800000u, 0xff800000u, 0x7fc00000u, 0x7f800001u, 1, 0x807fffffu,
  0x00800000u, 0x7f7fffffu, 0x3f800000u, 0xbf800000u, 0x4f000000u, 0xcf000000u, 0x5f000000u, 0x3f000000u};
static const uint64_t SPEC_D[16] = {0, 0x8000000000000000ull, 0x7ff0000000000000ull, 0xfff0000000000000ull, 0x7ff8000000000000ull,
  0x7ff0000000000001ull, 1, 0x800fffffffffffffull, 0x0010000000000000ull, 0x7fefffffffffffffull, 0x3ff0000000000000ull,
  0xbff0000000000000ull, 0x43e0000000000000ull, 0xc3e0000000000000ull, 0x41e0000000000000ull, 0x3fe0000000000000ull};
/* One value in eight is replaced by special single or double patterns (same rule in FpSimdQemuDiffTest). */
static uint64_t val(uint64_t *s) {
  uint64_t v = xs(s);
  if ((v >> 60) == 0) return ((uint64_t)SPEC_S[(v >> 36) & 15] << 32) | SPEC_S[(v >> 32) & 15];
  if ((v >> 60) == 1) return SPEC_D[(v >> 32) & 15];
  return v;
}
int main(void) {
  size_t len = t2_end - t2_start;
  char *page = mmap(0, 4096, PROT_READ|PROT_WRITE|PROT_EXEC, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0);
  memcpy(page, t2_start, len);
  uint32_t *slot = (uint32_t *)(page + (t2_slot - t2_start));
  struct sigaction sa; memset(&sa, 0, sizeof sa); sa.sa_handler = onill; sa.sa_flags = SA_NODEFER;
  sigaction(SIGILL, &sa, 0);
  char line[256];
  while (fgets(line, sizeof line, stdin)) {
    St st; unsigned insn; unsigned long long fpcr, nzcv, seed;
    if (sscanf(line, "%x %llx %llx %llx", &insn, &fpcr, &nzcv, &seed) != 4) continue;
    uint64_t s = seed | 1;
    for (int i = 0; i < 64; i++) st.v[i] = val(&s);
    for (int i = 0; i < 8; i++) st.x[i] = val(&s);
    st.fpcr = fpcr; st.nzcv = nzcv; st.fpsr = 0;
    *slot = insn;
    __builtin___clear_cache(page, page + len);
    if (sigsetjmp(jb, 1)) { printf("%08x UNDEF\n", insn); fflush(stdout); continue; }
    ((void (*)(St *))page)(&st);
    printf("%08x", insn);
    for (int i = 0; i < 64; i++) printf(" %llx", (unsigned long long)st.v[i]);
    for (int i = 0; i < 8; i++) printf(" %llx", (unsigned long long)st.x[i]);
    printf(" %llx %llx\n", (unsigned long long)st.nzcv, (unsigned long long)st.fpsr);
    fflush(stdout);
  }
  return 0;
}
