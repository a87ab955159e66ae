import { type FormEvent, useEffect, useState } from "react";
import { useLocation, useNavigate, useSearchParams } from "react-router";

/** The search box in the header: Enter opens the results page for the query. */
export function SearchBox() {
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const current = location.pathname === "/search" ? (params.get("q") ?? "") : "";
  const [text, setText] = useState(current);
  useEffect(() => setText(current), [current]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const q = text.trim();
    if (q) navigate(`/search?q=${encodeURIComponent(q)}`);
  };
  return (
    <form role="search" className="header-search" onSubmit={submit}>
      <label className="visually-hidden" htmlFor="header-search-input">
        Search incidents
      </label>
      <input id="header-search-input" type="search" placeholder='Search: words, "phrases", deploy*, -staging' value={text} onChange={(e) => setText(e.target.value)} maxLength={500} />
    </form>
  );
}
