#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
extern char tmpl_start[], tmpl_slot[], tmpl_end[];
typedef struct { uint64_t v[12]; uint64_t x[4]; uint64_t pad; uint64_t fpcr, nzcv, fpsr; } St;
/* input line: insn fpcr nzcv v0lo v0hi .. v5lo v5hi x0..x3  (hex); output: same layout after, plus fpsr */
int main(void) {
  size_t len = tmpl_end - tmpl_start;
  char *page = mmap(0, 4096, PROT_READ|PROT_WRITE|PROT_EXEC, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0);
  memcpy(page, tmpl_start, len);
  uint32_t *slot = (uint32_t *)(page + (tmpl_slot - tmpl_start));
  char line[2048];
  while (fgets(line, sizeof line, stdin)) {
    St s; memset(&s, 0, sizeof s); unsigned insn;
    unsigned long long in[19];
    int k = sscanf(line, "%x %llx %llx %llx %llx %llx %llx %llx %llx %llx %llx %llx %llx %llx %llx %llx %llx %llx %llx",
      &insn, &in[0], &in[1], &in[2], &in[3], &in[4], &in[5], &in[6], &in[7], &in[8], &in[9], &in[10], &in[11], &in[12], &in[13], &in[14], &in[15], &in[16], &in[17]);
    if (k != 19) { fprintf(stderr, "bad line %d\n", k); continue; }
    s.fpcr = in[0]; s.nzcv = in[1];
    for (int i = 0; i < 12; i++) s.v[i] = in[2+i];
    for (int i = 0; i < 4; i++) s.x[i] = in[14+i];
    *slot = insn;
    __builtin___clear_cache(page, page + len);
    ((void (*)(St *))page)(&s);
    printf("%08x %llx %llx", insn, (unsigned long long)s.fpcr, (unsigned long long)s.nzcv);
    for (int i = 0; i < 12; i++) printf(" %llx", (unsigned long long)s.v[i]);
    for (int i = 0; i < 4; i++) printf(" %llx", (unsigned long long)s.x[i]);
    printf(" %llx\n", (unsigned long long)s.fpsr);
    fflush(stdout);
  }
  return 0;
}
