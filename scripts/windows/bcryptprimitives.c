/* A stand-in for bcryptprimitives.dll, for running Rust programs under Wine 8.0 only.
 *
 * Rust's standard library (1.78+) imports ProcessPrng from bcryptprimitives.dll, which
 * Wine added after 8.0 (Debian 12's). This DLL is put into the test Wine prefix by
 * scripts/windows.sh and is never shipped: real Windows 10/11 has the real one.
 * ProcessPrng fills a buffer with random bytes and always returns TRUE; RtlGenRandom
 * (advapi32's SystemFunction036) does the same job on every Windows and in Wine. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
