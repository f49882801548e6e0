global using Workshop.Web.Exports;
