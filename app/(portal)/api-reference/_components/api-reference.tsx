"use client";

import { useEffect, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";

declare global {
  interface Window {
    Scalar?: { createApiReference: (element: Element, config: Record<string, unknown>) => { destroy?: () => void } };
  }
}

/**
 * Renders /api/v1/openapi.json with Scalar, loaded when this page opens (so it weighs on no other
 * page). The script is added by this nonced bundle, which the policy's 'strict-dynamic' trusts;
 * the nonce is passed on for the style elements Scalar adds.
 */
export function ApiReference({ nonce }: { nonce: string }) {
  const target = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<"loading" | "ready" | "failed">("loading");
  useEffect(() => {
    let app: { destroy?: () => void } | undefined;
    const start = () => {
      if (!window.Scalar || !target.current) return setState("failed");
      app = window.Scalar.createApiReference(target.current, {
        url: "/api/v1/openapi.json",
        nonce,
        hideClientButton: true,
        hideDarkModeToggle: true,
        withDefaultFonts: false,
        telemetry: false,
        // Nothing that reaches outside the portal (the policy's connect-src would refuse it anyway).
        showDeveloperTools: "never",
        agent: { disabled: true },
      });
      setState("ready");
    };
    // Scalar stamps its style elements with the nonce it finds here; its stylesheet is a same-origin link.
    if (!document.querySelector("meta[property=csp-nonce]")) {
      const meta = document.createElement("meta");
      meta.setAttribute("property", "csp-nonce");
      meta.content = nonce;
      document.head.appendChild(meta);
    }
    if (!document.querySelector("link[data-scalar]")) {
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = "/api/docs/scalar.css";
      link.dataset.scalar = "";
      document.head.appendChild(link);
    }
    if (window.Scalar) start();
    else {
      const script = document.createElement("script");
      script.src = "/api/docs/scalar.js";
      script.nonce = nonce;
      script.onload = start;
      script.onerror = () => setState("failed");
      document.body.appendChild(script);
    }
    return () => app?.destroy?.();
  }, [nonce]);
  return (
    <>
      {state === "loading" ? (
        <p className="text-sm text-slate-600" role="status">
          Loading the API reference…
        </p>
      ) : null}
      {state === "failed" ? (
        <Alert tone="danger" title="The API reference could not be loaded.">
          The document itself is at{" "}
          <a className="underline" href="/api/v1/openapi.json">
            /api/v1/openapi.json
          </a>
          .
        </Alert>
      ) : null}
      <div ref={target} data-testid="api-reference" />
    </>
  );
}
