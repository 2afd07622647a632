/** Where deleting an account ends: already signed out, so nothing here depends on who asks. */
export default function AccountDeleted() {
  return (
    <>
      <title>Your account has been deleted – Commonplace</title>
      <h1>Your account has been deleted</h1>
      <p>You have been signed out everywhere. What you wrote stays on the wiki, shown as written by “a former participant”.</p>
      <p>
        <a href="/">Go to the home page</a>
      </p>
    </>
  );
}
