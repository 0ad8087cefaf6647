/* A stand-in for Windows' bcryptprimitives.dll, for running kheo.exe under
 * Wine 8 only (CI). Rust's standard library takes its random numbers from
 * ProcessPrng, which Windows 10 and later export from bcryptprimitives.dll
 * and Wine 8 does not have, so the .exe would not start. This DLL, put
 * beside kheo.exe, exports ProcessPrng on top of RtlGenRandom
 * (advapi32's SystemFunction036), which Wine 8 has. Never shipped. */
#include <windows.h>

BOOLEAN NTAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG n = length > 0x7fffffff ? 0x7fffffff : (ULONG)length;
        if (!SystemFunction036(data, n)) {
            return FALSE;
        }
        data += n;
        length -= n;
    }
    return TRUE;
}
