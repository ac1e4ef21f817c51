import { describe, expect, it } from "vitest";
import { chooseBrowser, hasDisplay, type Lookup } from "../../launcher/browser.ts";

/** A lookup over a fake filesystem holding exactly `files`. */
function fake(platform: NodeJS.Platform, files: string[], env: NodeJS.ProcessEnv = {}): Lookup {
  const set = new Set(files);
  return {
    platform,
    env,
    home: platform === "darwin" ? "/Users/asha" : "/home/asha",
    exists: (f) => set.has(f),
  };
}

const WIN_ENV = {
  PROGRAMFILES: "C:\\Program Files",
  "PROGRAMFILES(X86)": "C:\\Program Files (x86)",
  LOCALAPPDATA: "C:\\Users\\asha\\AppData\\Local",
  Path: "C:\\Windows\\system32;C:\\Tools",
};

describe("chooseBrowser", () => {
  it("Windows: Edge in app mode when only Edge is installed (the usual Windows 10/11 case)", () => {
    const edge = "C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe";
    expect(chooseBrowser(fake("win32", [edge], WIN_ENV))).toEqual({
      mode: "app",
      name: "Edge",
      executable: edge,
    });
  });

  it("Windows: Chrome wins over Edge, including a per-user Chrome in LOCALAPPDATA", () => {
    const chrome = "C:\\Users\\asha\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe";
    const edge = "C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe";
    expect(chooseBrowser(fake("win32", [edge, chrome], WIN_ENV))).toMatchObject({
      mode: "app",
      name: "Chrome",
      executable: chrome,
    });
  });

  it("Windows: a chrome.exe found on PATH", () => {
    const onPath = "C:\\Tools\\chrome.exe";
    expect(chooseBrowser(fake("win32", [onPath], WIN_ENV))).toMatchObject({ executable: onPath });
  });

  it("macOS: app bundles in /Applications or ~/Applications", () => {
    const chromium = "/Users/asha/Applications/Chromium.app/Contents/MacOS/Chromium";
    expect(chooseBrowser(fake("darwin", [chromium]))).toEqual({
      mode: "app",
      name: "Chromium",
      executable: chromium,
    });
    const chrome = "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome";
    expect(chooseBrowser(fake("darwin", [chromium, chrome]))).toMatchObject({ name: "Chrome" });
  });

  it("Linux: looks the browsers up on PATH, Chrome before Chromium", () => {
    const env = { PATH: "/usr/local/bin:/usr/bin" };
    expect(chooseBrowser(fake("linux", ["/usr/bin/chromium"], env))).toEqual({
      mode: "app",
      name: "Chromium",
      executable: "/usr/bin/chromium",
    });
    expect(
      chooseBrowser(fake("linux", ["/usr/bin/chromium", "/usr/local/bin/google-chrome"], env)),
    ).toMatchObject({ name: "Chrome", executable: "/usr/local/bin/google-chrome" });
    expect(chooseBrowser(fake("linux", ["/snap/bin/chromium"], env))).toMatchObject({
      executable: "/snap/bin/chromium",
    });
  });

  it("falls back to the default browser when no Chromium-family browser exists", () => {
    expect(chooseBrowser(fake("linux", ["/usr/bin/firefox"], { PATH: "/usr/bin" }))).toEqual({
      mode: "default",
    });
    expect(
      chooseBrowser(fake("darwin", ["/Applications/Safari.app/Contents/MacOS/Safari"])),
    ).toEqual({ mode: "default" });
    expect(chooseBrowser(fake("win32", [], WIN_ENV))).toEqual({ mode: "default" });
  });
});

describe("hasDisplay", () => {
  it("needs DISPLAY or WAYLAND_DISPLAY on Linux, always true on Windows and macOS", () => {
    expect(hasDisplay("linux", {})).toBe(false);
    expect(hasDisplay("linux", { DISPLAY: ":0" })).toBe(true);
    expect(hasDisplay("linux", { WAYLAND_DISPLAY: "wayland-0" })).toBe(true);
    expect(hasDisplay("win32", {})).toBe(true);
    expect(hasDisplay("darwin", {})).toBe(true);
  });
});
